package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.model.TensorCopy;
import java.util.Map;

/** Helpers for long-lived state arrays: scope-proof creation, ranged views, checked restore. */
final class StateArrays {

    private StateArrays() {
    }

    /** Unregisters {@code a} from any enclosing NDScope so a step's scope never closes it. */
    static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    /** Elements {@code [from, to)} of a flat array, as a view (the array itself for the full range). */
    static NDArray range(NDArray flat, long from, long to) {
        if (from == 0 && to == flat.size()) {
            return flat;
        }
        return flat.get(new NDIndex("{}:{}", from, to));
    }

    /** Sets the one-element {@code dst} to {@code value}, through {@link TensorCopy}. */
    static void overwrite(NDArray dst, long value) {
        try (NDScope scope = new NDScope()) {
            TensorCopy.into(dst.getManager().create(value), dst);
        }
    }

    /** Overwrites {@code dst} with {@code values} (as many elements) through {@link TensorCopy}. */
    static void overwrite(NDArray dst, float[] values) {
        try (NDScope scope = new NDScope()) {
            TensorCopy.into(dst.getManager().create(values), dst);
        }
    }

    /** Copies {@code saved.get(name)} into {@code dst} after checking its dtype and shape. */
    static void restore(NDArray dst, Map<String, NDArray> saved, String name) {
        NDArray src = saved.get(name);
        if (src == null) {
            throw EffitrainException.badInput("optimizer state has no tensor '" + name
                    + "' (saved by another optimizer or state format?)");
        }
        if (src.getDataType() != dst.getDataType() || !src.getShape().equals(dst.getShape())) {
            throw EffitrainException.badInput("optimizer state '" + name + "' is " + src.getDataType()
                    + src.getShape() + ", expected " + dst.getDataType() + dst.getShape());
        }
        TensorCopy.into(src, dst);
    }
}
