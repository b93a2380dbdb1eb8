package dev.effitrain.core.estimate;

import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.VitSpec;
import java.util.List;

/**
 * What one training sample's forward and backward pass hold, for the activation estimate: the
 * transformer stacks it runs through, and the fp32 elements outside them (embeddings, the final
 * norm, logits and log-softmax, a reconstruction loss). The backward pass adds, at its peak, the
 * gradient of the largest single layer or of the output, whichever is larger.
 *
 * @param stacks             the block stacks (MAE: encoder over the visible patches, decoder over all)
 * @param edgeElements       fp32 elements per sample outside the stacks that the forward keeps
 * @param outputGradElements fp32 elements per sample of the output's gradient (logits, pixels)
 */
public record ActivationShape(List<TokenStack> stacks, long edgeElements, long outputGradElements) {

    /** No activations at all (a model that is only evaluated, or a head trained on cached features). */
    public static final ActivationShape NONE = new ActivationShape(List.of(), 0, 0);

    /** A GPT: token and position embeddings, blocks, final norm, logits and their log-softmax. */
    public static ActivationShape gpt(GptSpec s) {
        long t = s.seqLen();
        TokenStack blocks = new TokenStack(t, s.layers(), s.dModel(), s.heads(), s.mlpHidden(), s.dropout());
        return new ActivationShape(List.of(blocks), t * (3L * s.dModel() + 2L * s.vocabSize()), 2L * t * s.vocabSize());
    }

    /** A ViT classifier: patchified pixels, the patch embedding with CLS and positions, blocks, final norm, logits. */
    public static ActivationShape vit(VitSpec s) {
        long n = s.numPatches() + 1L;
        TokenStack blocks = new TokenStack(n, s.layers(), s.dModel(), s.heads(), s.mlpHidden(), s.dropout());
        long edge = 2L * s.numPatches() * s.patchDim() + 4L * n * s.dModel() + 3L * s.numClasses();
        return new ActivationShape(List.of(blocks), edge, n * s.dModel());
    }

    /** Peak activation bytes of one micro-batch of {@code samples}. */
    public long bytes(long samples, boolean fp16) {
        long kept = edgeElements * 4;
        long largestLayer = outputGradElements * 4;
        for (TokenStack s : stacks) {
            kept += s.bytesPerSample(fp16);
            largestLayer = Math.max(largestLayer, s.layerBytesPerSample(fp16));
        }
        return samples * (kept + largestLayer);
    }
}
