package dev.effitrain.core.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters with hand-set gradients, configs and checkpoint round trips for optimizer tests. */
final class OptimTestSupport {

    private OptimTestSupport() {
    }

    static OptimizerConfig config(String name, double lr, double wd) {
        return new OptimizerConfig(name, lr, List.of(0.9, 0.999), 1e-8, wd, 0.9, false, false, 256, 4096, List.of());
    }

    static OptimizerConfig withBetas(OptimizerConfig c, List<Double> betas) {
        return new OptimizerConfig(c.name(), c.lr(), betas, c.eps(), c.weightDecay(), c.momentum(), c.nesterov(),
                c.decayNormsAndBiases(), c.blockSize(), c.min8bitSize(), c.overrides());
    }

    static OptimizerConfig withMomentum(OptimizerConfig c, double momentum, boolean nesterov) {
        return new OptimizerConfig(c.name(), c.lr(), c.betas(), c.eps(), c.weightDecay(), momentum, nesterov,
                c.decayNormsAndBiases(), c.blockSize(), c.min8bitSize(), c.overrides());
    }

    static OptimizerConfig withOverrides(OptimizerConfig c, List<OptimizerConfig.ParamOverride> overrides) {
        return new OptimizerConfig(c.name(), c.lr(), c.betas(), c.eps(), c.weightDecay(), c.momentum(), c.nesterov(),
                c.decayNormsAndBiases(), c.blockSize(), c.min8bitSize(), overrides);
    }

    static OptimizerConfig withBlocks(OptimizerConfig c, int blockSize, long min8bitSize) {
        return new OptimizerConfig(c.name(), c.lr(), c.betas(), c.eps(), c.weightDecay(), c.momentum(), c.nesterov(),
                c.decayNormsAndBiases(), blockSize, min8bitSize, c.overrides());
    }

    static OptimizerConfig decayingAll(OptimizerConfig c) {
        return new OptimizerConfig(c.name(), c.lr(), c.betas(), c.eps(), c.weightDecay(), c.momentum(), c.nesterov(),
                true, c.blockSize(), c.min8bitSize(), c.overrides());
    }

    /** A trainable parameter holding a copy of {@code values}, with an allocated (zero) gradient. */
    static Param param(NDManager m, String name, Param.Kind kind, NDArray values) {
        NDArray w = values.duplicate();
        w.attach(m);
        NDScope.unregister(w);
        w.setRequiresGradient(true);
        try (NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(0f).sum());
        }
        return new Param(name, kind, w);
    }

    static Param param(NDManager m, String name, Param.Kind kind, float... values) {
        try (NDScope scope = new NDScope()) {
            return param(m, name, kind, m.create(values));
        }
    }

    /** Overwrites the parameter's gradient in place. */
    static void setGrad(Param p, NDArray value) {
        try (NDScope scope = new NDScope()) {
            NDArray g = p.array().getGradient();
            g.reshape(-1).set(new NDIndex(":"), value.reshape(-1));
        }
    }

    static void setGrad(Param p, float... value) {
        try (NDScope scope = new NDScope()) {
            setGrad(p, p.array().getManager().create(value));
        }
    }

    static float[] values(Param p) {
        return p.array().toFloatArray();
    }

    static Param randomParam(NDManager m, String name, Param.Kind kind, Shape shape, float std) {
        try (NDScope scope = new NDScope()) {
            return param(m, name, kind, m.randomNormal(0f, std, shape, ai.djl.ndarray.types.DataType.FLOAT32));
        }
    }

    /** Round trip through safetensors bytes, as a checkpoint would. */
    static Map<String, NDArray> viaSafetensors(Map<String, NDArray> state, NDManager into) {
        NDList list = new NDList();
        state.forEach((k, v) -> {
            v.setName(k);
            list.add(v);
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            list.encode(bytes, NDList.Encoding.SAFETENSORS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NDList back = NDList.decode(into, bytes.toByteArray());
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (NDArray a : back) {
            m.put(a.getName(), a);
        }
        return m;
    }
}
