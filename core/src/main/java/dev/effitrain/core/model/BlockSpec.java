package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * How to build one transformer block: sizes, LayerNorm eps and weight initialisation.
 * GPT-2 style: N(0, std) with a smaller std for residual projections; MAE/ViT style: Xavier-uniform.
 */
public record BlockSpec(int dim, int heads, int mlpHidden, double dropout, float lnEps,
                        boolean xavier, double std, double residualStd, boolean qkNorm) {

    public BlockSpec(int dim, int heads, int mlpHidden, double dropout, float lnEps, boolean xavier, double std,
                     double residualStd) {
        this(dim, heads, mlpHidden, dropout, lnEps, xavier, std, residualStd, false);
    }

    /** This block with (or without) LayerNorm on queries and keys. */
    public BlockSpec withQkNorm(boolean on) {
        return new BlockSpec(dim, heads, mlpHidden, dropout, lnEps, xavier, std, residualStd, on);
    }

    public static BlockSpec gpt(int dim, int heads, int mlpHidden, double dropout, int layers) {
        double std = 0.02;
        return new BlockSpec(dim, heads, mlpHidden, dropout, 1e-5f, false, std, std / Math.sqrt(2.0 * Math.max(1, layers)));
    }

    public static BlockSpec vit(int dim, int heads, int mlpHidden, double dropout) {
        return new BlockSpec(dim, heads, mlpHidden, dropout, 1e-6f, true, 0.02, 0.02);
    }

    Function<Shape, NDArray> weightInit(NDManager m, boolean residual) {
        return xavier ? Init.xavierUniform(m) : Init.normal(m, residual ? residualStd : std);
    }
}
