package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.effitrain.core.EffitrainException;
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
        try (NDScope scope = new NDScope()) {
            dst.reshape(-1).set(new NDIndex(":"), src.toDevice(dst.getDevice(), false).reshape(-1));
        }
    }
}
