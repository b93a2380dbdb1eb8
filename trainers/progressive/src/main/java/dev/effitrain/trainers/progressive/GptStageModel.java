package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.MaskedGpt;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;

/** A GPT stage model. */
final class GptStageModel implements StageModel {
    private final ModelConfig config;
    private final ParamStore params;
    private final Gpt gpt;
    private MaskedGpt masked;

    GptStageModel(NDManager manager, ModelConfig config, int vocab) {
        this.config = config;
        this.params = new ParamStore(manager);
        this.gpt = new Gpt(params, GptSpec.of(config, vocab));
    }

    NDArray loss(NDArray ids, NDArray targets, boolean training) {
        return masked != null ? masked.loss(ids, targets, training) : gpt.loss(ids, targets, training);
    }

    GptSpec spec() {
        return gpt.spec();
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
        masked = new MaskedGpt(params, gpt.spec(), mask);
        masked.ramp(0);
    }

    @Override
    public void ramp(double m) {
        if (masked != null) {
            masked.ramp(m);
        }
    }

    @Override
    public double ramp() {
        return masked == null ? 1 : masked.ramp();
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
        int t = gpt.spec().seqLen();
        return gpt.spec().trainingFlopsPerToken(t) * t;
    }

    @Override
    public void close() {
        params.close();
    }
}
