package dev.effitrain.core.estimate;

import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.ParamStore;

/**
 * One model a run trains, as a trainer describes it to {@code effitrain estimate}: the whole run's
 * model, or one progressive stage. The estimate reads it while the trainer's sink call lasts; the
 * trainer closes the model afterwards.
 *
 * @param label                  what it is, e.g. "model" or "stage 2 of 3 (layers 2)"
 * @param params                 the model's parameters, built as the run builds them (on the CPU)
 * @param trainable              false when the run only evaluates the model (no gradients, no optimizer)
 * @param optimizer              the optimizer that trains it
 * @param activations            what one sample's forward and backward hold
 * @param trainingFlopsPerSample the FLOPs the run's metrics count per sample (the workload's own figure)
 * @param tokensPerSample        tokens per sample, as the run counts them
 * @param steps                  optimizer steps this model trains
 */
public record PlannedModel(String label, ParamStore params, boolean trainable, OptimizerConfig optimizer,
                           ActivationShape activations, double trainingFlopsPerSample, long tokensPerSample,
                           long steps) {
}
