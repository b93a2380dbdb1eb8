package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/** Pre-LN transformer block: x + attn(norm1(x)), then + mlp(norm2(x)). Shared by GPT and ViT. */
public final class TransformerBlock {
    private final LayerNormLayer norm1;
    private final Attention attn;
    private final LayerNormLayer norm2;
    private final Mlp mlp;
    private final double dropout;

    /** @param name prefix such as {@code blocks.3} */
    public TransformerBlock(ParamStore ps, String name, BlockSpec spec) {
        this.norm1 = new LayerNormLayer(ps, name + ".norm1", spec.dim(), spec.lnEps());
        this.attn = new Attention(ps, name + ".attn", spec);
        this.norm2 = new LayerNormLayer(ps, name + ".norm2", spec.dim(), spec.lnEps());
        this.mlp = new Mlp(ps, name + ".mlp", spec);
        this.dropout = spec.dropout();
    }

    public NDArray forward(NDArray x, NDArray additiveMask, boolean training) {
        return finish(x, attn.forward(norm1.forward(x), additiveMask, training), training);
    }

    /** Attention sub-layer with its internals exposed, then the MLP: for token samplers. */
    public Attention.Output attend(NDArray x, NDArray additiveMask, boolean training) {
        return attn.forwardDetailed(norm1.forward(x), additiveMask, training);
    }

    /** The second half of the block, given x and the attention output computed by {@link #attend}. */
    public NDArray finish(NDArray x, NDArray attnOut, boolean training) {
        NDArray h = x.add(residualDropout(attnOut, training));
        return h.add(residualDropout(mlp.forward(norm2.forward(h)), training));
    }

    /** norm1(x): what the attention sub-layer sees, for token samplers that drive {@link #attention()} row by row. */
    public NDArray attentionInput(NDArray x) {
        return norm1.forward(x);
    }

    public Attention attention() {
        return attn;
    }

    private NDArray residualDropout(NDArray y, boolean training) {
        return dropout > 0 && training ? Dropout.dropout(y, (float) dropout, true).head() : y;
    }
}
