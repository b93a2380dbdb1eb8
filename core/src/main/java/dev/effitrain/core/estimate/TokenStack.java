package dev.effitrain.core.estimate;

/**
 * A stack of pre-LN transformer blocks ({@code core.model.TransformerBlock}) run over
 * {@code tokens} tokens per sample: what its forward pass keeps alive for the backward pass.
 *
 * <p>Counted from the blocks' code, per token and layer, in elements: matrix-product outputs q, k,
 * v, attended values, proj, fc1, fc2 ({@code 6d + m}) and the attention scores ({@code H·T});
 * elementwise results norm1, norm2, the head-merging copy, two residual sums, GELU ({@code 5d + m})
 * and the masked scores and softmax ({@code 2·H·T}); and the contiguous copies of the
 * (B, H, T, D) query, key and value views that the batched products make ({@code 3d}). Dropout
 * adds a mask and an output for the attention weights and both residual branches.
 */
public record TokenStack(long tokens, int layers, int dModel, int heads, int mlpHidden, double dropout) {

    /** Elements per token and layer that are matrix-product outputs (half size under fp16 autocast). */
    long matmulElementsPerToken() {
        return 6L * dModel + mlpHidden + (long) heads * tokens;
    }

    /** Elements per token and layer that stay fp32 whatever the precision. */
    long fp32ElementsPerToken() {
        long e = 8L * dModel + mlpHidden + 2L * heads * tokens;
        return dropout > 0 ? e + 2L * heads * tokens + 4L * dModel : e;
    }

    /** Bytes one layer keeps per sample. */
    long layerBytesPerSample(boolean fp16) {
        return tokens * (matmulElementsPerToken() * (fp16 ? 2 : 4) + fp32ElementsPerToken() * 4);
    }

    /** Bytes the whole stack keeps per sample. */
    long bytesPerSample(boolean fp16) {
        return layers * layerBytesPerSample(fp16);
    }
}
