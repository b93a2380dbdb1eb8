package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.Ramped;
import dev.effitrain.core.model.ParamStore;

/**
 * What GPT and ViT stage models share: their parameters and configuration, and the masked twin
 * ({@code M}) they compute through while a masked growth ramps in.
 */
abstract class MaskableStageModel<M extends Ramped> implements StageModel {
    private final ModelConfig config;
    private final ParamStore params;
    private M masked;

    MaskableStageModel(ModelConfig config, ParamStore params) {
        this.config = config;
        this.params = params;
    }

    /** The masked twin of this model for {@code mask}, over the same parameters. */
    abstract M maskedFor(GrowthMask mask);

    /** The masked twin while a ramp is on, else null. */
    final M maskedModel() {
        return masked;
    }

    @Override
    public final ParamStore params() {
        return params;
    }

    @Override
    public final ModelConfig config() {
        return config;
    }

    @Override
    public final void mask(GrowthMask mask) {
        masked = maskedFor(mask);
        masked.ramp(0);
    }

    @Override
    public final void ramp(double m) {
        if (masked != null) {
            masked.ramp(m);
        }
    }

    @Override
    public final double ramp() {
        return masked == null ? 1 : masked.ramp();
    }

    @Override
    public final void unmask() {
        masked = null;
    }

    @Override
    public final boolean masked() {
        return masked != null;
    }

    @Override
    public final void close() {
        params.close();
    }
}
