package dev.effitrain.core.grow;

/** A width a tensor axis runs along; each has its own {@link WidthMap} in a transition. */
enum Space {
    /** d_model: the residual stream (embeddings, norms, block inputs and outputs). */
    RESIDUAL,
    /** heads × head size: the attention output before {@code attn.proj}. */
    ATTENTION,
    /** q, k and v stacked: the rows of {@code attn.qkv}. */
    QKV,
    /** the MLP's hidden units. */
    MLP
}
