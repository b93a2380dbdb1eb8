package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.MaskedGpt;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;

/** A GPT stage model. */
final class GptStageModel extends MaskableStageModel<MaskedGpt> {
    private final Gpt gpt;

    GptStageModel(NDManager manager, ModelConfig config, int vocab) {
        this(config, new ParamStore(manager), vocab);
    }

    private GptStageModel(ModelConfig config, ParamStore params, int vocab) {
        super(config, params);
        this.gpt = new Gpt(params, GptSpec.of(config, vocab));
    }

    NDArray loss(NDArray ids, NDArray targets, boolean training) {
        MaskedGpt masked = maskedModel();
        return masked != null ? masked.loss(ids, targets, training) : gpt.loss(ids, targets, training);
    }

    GptSpec spec() {
        return gpt.spec();
    }

    @Override
    MaskedGpt maskedFor(GrowthMask mask) {
        return new MaskedGpt(params(), gpt.spec(), mask);
    }

    @Override
    public ActivationShape activations() {
        return ActivationShape.gpt(gpt.spec());
    }

    @Override
    public double trainingFlopsPerSample() {
        int t = gpt.spec().seqLen();
        return gpt.spec().trainingFlopsPerToken(t) * t;
    }
}
