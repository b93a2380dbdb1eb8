package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies one tensor's values into another in place, on the destination's device and dtype.
 *
 * <p>Not DJL's {@code NDArray.copyTo} / {@code set(Buffer)}: those go through a host buffer (a
 * round trip through the CPU for GPU tensors) and their native call makes libtorch print a
 * deprecation warning on every run.
 */
public final class TensorCopy {
    private TensorCopy() {
    }

    /** {@code dst[...] = src}; both hold the same number of elements. */
    public static void into(NDArray src, NDArray dst) {
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("cannot copy " + src.getShape() + " into " + dst.getShape());
        }
        try (NDScope scope = new NDScope()) {
            NDArray values = src.toDevice(dst.getDevice(), false).toType(dst.getDataType(), false);
            dst.reshape(-1).set(new NDIndex(":"), values.reshape(-1));
        }
    }
}
