package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** LayerNorm over the last dimension (weight = γ, bias = β), PyTorch names. */
public final class LayerNormLayer {
    private final Param weight;
    private final Param bias;
    private final Shape normalizedShape;
    private final float eps;

    public LayerNormLayer(ParamStore ps, String name, int dim, float eps) {
        this.weight = ps.create(name + ".weight", Param.Kind.NORM, new Shape(dim), Init.ones(ps.manager()));
        this.bias = ps.create(name + ".bias", Param.Kind.NORM, new Shape(dim), Init.zeros(ps.manager()));
        this.normalizedShape = new Shape(dim);
        this.eps = eps;
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalizedShape, weight.array(), bias.array(), eps).head();
    }
}
