package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.grow.ModelDims;
import dev.effitrain.core.model.ParamStore;

/** The model of one stage: its parameters, and while an MSG growth ramps in, its masks. */
interface StageModel extends AutoCloseable {

    ParamStore params();

    ModelConfig config();

    default ModelDims dims() {
        return StagePlan.dims(config());
    }

    /** Computes through the growth masks from now on, starting at m = 0. */
    void mask(GrowthMask mask);

    /** Sets the mask value m ∈ [0, 1]; no effect when not masked. */
    void ramp(double m);

    /** The current mask value (1 when not masked). */
    double ramp();

    /** Back to the plain model (the ramp is over). */
    void unmask();

    boolean masked();

    /** Training FLOPs per sample of this model (forward + backward). */
    double trainingFlopsPerSample();

    /** What a training sample holds for the backward pass (for estimate). */
    ActivationShape activations();

    @Override
    void close();
}
