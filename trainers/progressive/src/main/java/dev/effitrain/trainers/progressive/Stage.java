package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.config.ScheduleConfig;
import dev.effitrain.core.grow.GrowthSpec;
import dev.effitrain.core.grow.ModelDims;

/**
 * A stage resolved to steps: it trains {@code model} for steps [start, end).
 *
 * @param grow        how the previous stage's model becomes this one (null for the first stage)
 * @param schedule    the stage's own schedule, or null to follow the run's
 * @param maskSteps   MSG ramp length in steps (0 = no mask)
 * @param interpolate α for interpolating with the model before the last coalesce, or null
 * @param anchorStage the stage whose entry coalesced (its predecessor's model is the anchor), or -1
 * @param warmupSteps rewarm length (0 = continue the schedule)
 */
record Stage(int index, long start, long end, ModelConfig model, ModelDims dims, OptimizerConfig optimizer,
             ScheduleConfig schedule, GrowthSpec grow, StageConfig.OptimizerState optimizerState, long warmupSteps,
             long maskSteps, Double interpolate, int anchorStage) {

    boolean shrinks() {
        return grow != null && (grow.depth().shrinks() || grow.width().shrinks());
    }

    long length() {
        return end - start;
    }

    /** MSG mask value m ∈ [0, 1] before step {@code step}, or -1 when no mask is active then. */
    double maskAt(long step) {
        if (maskSteps == 0 || step >= start + maskSteps) {
            return -1;
        }
        return (double) (step - start) / maskSteps;
    }
}
