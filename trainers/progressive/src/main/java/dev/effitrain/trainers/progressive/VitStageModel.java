package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.MaskedVit;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

/** A ViT classifier stage model. */
final class VitStageModel implements StageModel {
    private final ModelConfig config;
    private final ParamStore params;
    private final Vit vit;
    private MaskedVit masked;
    private double ramp = 1;

    VitStageModel(NDManager manager, ModelConfig config, int channels, int classes) {
        this.config = config;
        this.params = new ParamStore(manager);
        this.vit = new Vit(params, VitSpec.of(config, channels, classes));
    }

    NDArray logits(NDArray images, boolean training) {
        return masked != null ? masked.logits(images, training) : vit.logits(images, training);
    }

    VitSpec spec() {
        return vit.spec();
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public void mask(GrowthMask mask) {
        masked = new MaskedVit(params, vit.spec(), mask);
        ramp(0);
    }

    @Override
    public void ramp(double m) {
        if (masked != null) {
            masked.ramp(m);
            ramp = m;
        }
    }

    @Override
    public double ramp() {
        return masked == null ? 1 : ramp;
    }

    @Override
    public void unmask() {
        masked = null;
    }

    @Override
    public boolean masked() {
        return masked != null;
    }

    @Override
    public double trainingFlopsPerSample() {
        return vit.spec().trainingFlops();
    }

    @Override
    public void close() {
        params.close();
    }
}
