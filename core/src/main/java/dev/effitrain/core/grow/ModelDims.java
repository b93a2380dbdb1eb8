package dev.effitrain.core.grow;

import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.VitSpec;

/**
 * The sizes a growth operator may change: depth, residual width, heads and MLP width. Everything
 * else about a model (vocabulary, context, image and patch size, classes) stays as it is.
 *
 * @param tiedHead GPT only: the LM head reuses the token embedding (no {@code head.weight})
 */
public record ModelDims(Family family, int layers, int dModel, int heads, int mlpHidden, boolean tiedHead) {

    /** Which parameter layout the names follow. */
    public enum Family { GPT, VIT }

    public ModelDims {
        if (layers < 0 || dModel < 1 || heads < 1 || mlpHidden < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("invalid model sizes: " + layers + " layers, d_model " + dModel
                    + ", " + heads + " heads, mlp " + mlpHidden);
        }
    }

    public static ModelDims of(GptSpec s) {
        return new ModelDims(Family.GPT, s.layers(), s.dModel(), s.heads(), s.mlpHidden(), s.tieEmbeddings());
    }

    public static ModelDims of(VitSpec s) {
        return new ModelDims(Family.VIT, s.layers(), s.dModel(), s.heads(), s.mlpHidden(), false);
    }

    public int headDim() {
        return dModel / heads;
    }

    public boolean sameWidth(ModelDims o) {
        return dModel == o.dModel && heads == o.heads && mlpHidden == o.mlpHidden;
    }

    public ModelDims withLayers(int n) {
        return new ModelDims(family, n, dModel, heads, mlpHidden, tiedHead);
    }

    /** {@code 4 layers, d_model 128, 4 heads, mlp 512}. */
    public String describe() {
        return layers + " layers, d_model " + dModel + ", " + heads + " heads, mlp " + mlpHidden;
    }
}
