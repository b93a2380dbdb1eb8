package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/** Parameter initialisers. Random ones draw from libtorch's generator, seeded by the engine. */
public final class Init {
    private Init() {
    }

    public static Function<Shape, NDArray> normal(NDManager m, double std) {
        return s -> m.randomNormal(0f, (float) std, s, DataType.FLOAT32);
    }

    public static Function<Shape, NDArray> zeros(NDManager m) {
        return s -> m.zeros(s, DataType.FLOAT32);
    }

    public static Function<Shape, NDArray> ones(NDManager m) {
        return s -> m.ones(s, DataType.FLOAT32);
    }

    /** Xavier/Glorot uniform over the last two dimensions (fan_out, fan_in), as torch does for (out, in). */
    public static Function<Shape, NDArray> xavierUniform(NDManager m) {
        return s -> {
            long fanOut = s.get(0);
            long fanIn = s.dimension() > 1 ? s.size() / fanOut : fanOut;
            float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            return m.randomUniform(-a, a, s, DataType.FLOAT32);
        };
    }
}
