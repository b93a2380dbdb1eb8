package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * y = x·Wᵀ + b with PyTorch's (out, in) weight layout, through libtorch's C++ {@code linear}: for
 * inputs of rank 3 that is {@code matmul} plus an in-place bias add. (A 2-D input would take the
 * "fused" {@code addmm}, which in libtorch 2.7.1 first broadcast-copies the bias into the output;
 * whole steps did not get faster: bench/RESULTS.md, "Foundation".)
 */
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
        return linear(x, weight.array(), bias == null ? null : bias.array());
    }

    /**
     * The output features in {@code partScales.length} equal groups, as separate products with row
     * blocks of the weight, group i multiplied by {@code partScales[i]}: what a fused projection
     * (qkv, with the queries' 1/sqrt(d)) needs. Splitting the weight instead of the output keeps the
     * backward cat on the small, contiguous weight gradients (libtorch 2.7.1 concatenates strided
     * activation gradients element by element; bench/RESULTS.md, "Foundation"), and scaling a weight block is cheaper than scaling
     * its (batch x tokens) output.
     */
    public NDList forwardSplit(NDArray x, float... partScales) {
        int parts = partScales.length;
        NDList weights = weight.array().split(parts, 0);
        NDList biases = bias == null ? null : bias.array().split(parts, 0);
        NDList out = new NDList(parts);
        for (int i = 0; i < parts; i++) {
            NDArray w = scaled(weights.get(i), partScales[i]);
            NDArray b = biases == null ? null : scaled(biases.get(i), partScales[i]);
            out.add(linear(x, w, b));
        }
        return out;
    }

    private static NDArray scaled(NDArray a, float scale) {
        return scale == 1f ? a : Scalars.mul(a, scale);
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Autocast.linear(x, w, b);
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }
}
