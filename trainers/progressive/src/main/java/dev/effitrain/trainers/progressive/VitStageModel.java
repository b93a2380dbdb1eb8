package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.MaskedVit;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

/** A ViT classifier stage model. */
final class VitStageModel extends MaskableStageModel<MaskedVit> {
    private final Vit vit;

    VitStageModel(NDManager manager, ModelConfig config, int channels, int classes) {
        this(config, new ParamStore(manager), channels, classes);
    }

    private VitStageModel(ModelConfig config, ParamStore params, int channels, int classes) {
        super(config, params);
        this.vit = new Vit(params, VitSpec.of(config, channels, classes));
    }

    NDArray logits(NDArray images, boolean training) {
        MaskedVit masked = maskedModel();
        return masked != null ? masked.logits(images, training) : vit.logits(images, training);
    }

    VitSpec spec() {
        return vit.spec();
    }

    @Override
    MaskedVit maskedFor(GrowthMask mask) {
        return new MaskedVit(params(), vit.spec(), mask);
    }

    @Override
    public ActivationShape activations() {
        return ActivationShape.vit(vit.spec());
    }

    @Override
    public double trainingFlopsPerSample() {
        return vit.spec().trainingFlops();
    }
}
