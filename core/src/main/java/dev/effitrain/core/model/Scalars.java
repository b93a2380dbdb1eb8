package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Tensor-by-number arithmetic that is safe inside an autograd graph. Use these, not DJL's
 * {@code x.mul(Number)} / {@code x.div(Number)}, on anything a backward pass will go through.
 *
 * <p>Why: on CPU, DJL's {@code Number} overloads wrap the number in a 0-d tensor over a Java direct
 * buffer ({@code torch::from_blob}, no copy) and close that tensor as soon as the op returns.
 * Autograd has saved it for the backward pass ({@code MulBackward} keeps {@code other}), but the
 * buffer now belongs to nobody: when the JVM's garbage collector frees it before {@code backward},
 * the gradient is multiplied by freed memory. That was the sporadic "gradient norm is Infinity"
 * at random steps; {@code ScalarsTest} reproduces it on demand by forcing a GC between forward
 * and backward. {@code torch::full} owns its memory, so the tensor autograd saves stays valid.
 */
public final class Scalars {
    private Scalars() {
    }

    /** A 0-d tensor holding {@code value}, of x's type, in memory libtorch owns. */
    public static NDArray like(NDArray x, double value) {
        return x.getManager().full(new Shape(), (float) value, x.getDataType());
    }

    /** x · value */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray s = like(x, value)) {
            return x.mul(s);
        }
    }

    /** x / value */
    public static NDArray div(NDArray x, double value) {
        try (NDArray s = like(x, value)) {
            return x.div(s);
        }
    }
}
