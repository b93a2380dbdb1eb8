package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/** y = x·Wᵀ + b with PyTorch's (out, in) weight layout, through libtorch's fused {@code linear}. */
public final class Linear {
    private final Param weight;
    private final Param bias;

    public Linear(ParamStore ps, String name, int in, int out, boolean withBias, double std) {
        this(ps, name, in, out, withBias, Init.normal(ps.manager(), std));
    }

    public Linear(ParamStore ps, String name, int in, int out, boolean withBias, Function<Shape, NDArray> init) {
        this.weight = ps.create(name + ".weight", Param.Kind.WEIGHT, new Shape(out, in), init);
        this.bias = withBias ? ps.create(name + ".bias", Param.Kind.BIAS, new Shape(out), Init.zeros(ps.manager())) : null;
    }

    public NDArray forward(NDArray x) {
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, weight.array()).head()
                : ai.djl.nn.core.Linear.linear(x, weight.array(), bias.array()).head();
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }
}
