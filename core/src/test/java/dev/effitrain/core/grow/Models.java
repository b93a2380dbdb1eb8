package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.Map;

/** Small GPTs and ViTs with every parameter random (biases and norms too), and growth into new ones. */
final class Models {
    static final int VOCAB = 40;
    static final int SEQ = 12;

    private Models() {
    }

    static GptSpec gpt(int layers, int d, int heads, int mlp, boolean tied) {
        return new GptSpec(VOCAB, SEQ, layers, d, heads, mlp, tied, 0.0);
    }

    static VitSpec vit(int layers, int d, int heads, int mlp) {
        return new VitSpec(16, 4, 3, 5, layers, d, heads, mlp, 0.0, true, true);
    }

    /** Overwrites every parameter with random values: weights N(0, 0.3/√fan-in), biases N(0, 0.1), norms 1 ± 0.2. */
    static void randomize(ParamStore ps, NDManager m) {
        for (Param p : ps.all()) {
            Shape s = p.array().getShape();
            try (NDScope scope = new NDScope()) {
                NDArray r = switch (p.kind()) {
                    case NORM -> p.name().endsWith(".weight")
                            ? m.randomNormal(1f, 0.2f, s, DataType.FLOAT32) : m.randomNormal(0f, 0.1f, s, DataType.FLOAT32);
                    case BIAS -> m.randomNormal(0f, 0.1f, s, DataType.FLOAT32);
                    default -> m.randomNormal(0f, (float) (0.6 / Math.sqrt(s.get(s.dimension() - 1))), s, DataType.FLOAT32);
                };
                r.copyTo(p.array());
            }
        }
    }

    static void load(ParamStore ps, Map<String, NDArray> values) {
        for (Param p : ps.all()) {
            NDArray v = values.get(p.name());
            if (v == null) {
                throw new AssertionError("no value for " + p.name());
            }
            if (!v.getShape().equals(p.array().getShape())) {
                throw new AssertionError(p.name() + ": grown " + v.getShape() + ", model " + p.array().getShape());
            }
            v.copyTo(p.array());
        }
        if (values.size() != ps.all().size()) {
            throw new AssertionError("grown " + values.keySet() + " but the model has " + ps.arrays().keySet());
        }
    }

    /** A new GPT of {@code to} holding {@code source} grown with {@code spec}. */
    static Gpt grow(ParamStore target, Gpt source, GptSpec to, GrowthSpec spec) {
        Gpt big = new Gpt(target, to);
        try (NDScope scope = new NDScope()) {
            load(target, Growth.weights(source.params().arrays(), ModelDims.of(source.spec()), ModelDims.of(to), spec,
                    target.arrays()));
        }
        return big;
    }

    static Vit grow(ParamStore target, Vit source, VitSpec to, GrowthSpec spec) {
        Vit big = new Vit(target, to);
        try (NDScope scope = new NDScope()) {
            load(target, Growth.weights(source.params().arrays(), ModelDims.of(source.spec()), ModelDims.of(to), spec,
                    target.arrays()));
        }
        return big;
    }

    static NDArray ids(NDManager m) {
        return m.randomInteger(0, VOCAB, new Shape(3, SEQ), DataType.INT32);
    }

    static NDArray images(NDManager m) {
        return m.randomNormal(new Shape(2, 3, 16, 16));
    }

    static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
