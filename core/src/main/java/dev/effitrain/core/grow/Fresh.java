package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * Values for what an operator creates rather than copies (new layers, new rows and columns), by
 * target parameter name: a freshly initialised target model for weights, zeros for optimizer moments.
 */
final class Fresh {
    private final Map<String, NDArray> target;
    private final boolean zeros;

    private Fresh(Map<String, NDArray> target, boolean zeros) {
        this.target = target;
        this.zeros = zeros;
    }

    /** The freshly initialised target model's own values. */
    static Fresh initialised(Map<String, NDArray> target) {
        return new Fresh(target, false);
    }

    /** Zeros shaped like the target model's parameters. */
    static Fresh zeros(Map<String, NDArray> target) {
        return new Fresh(target, true);
    }

    boolean isZeros() {
        return zeros;
    }

    Set<String> names() {
        return target.keySet();
    }

    NDArray value(String name) {
        NDArray t = target.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the target model has no parameter " + name);
        }
        return zeros ? t.zerosLike() : t;
    }
}
