package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ScheduleConfig;
import dev.effitrain.core.train.LoopControl;
import dev.effitrain.core.train.LoopHook;

/**
 * Replaces a {@code cosine} schedule with MAE's exact per-iteration one ({@link MaeLrSchedule}:
 * warmup from 0, half-cycle cosine to min_lr) before the first step; other schedules stay as the
 * loop built them.
 */
final class MaeScheduleHook implements LoopHook {
    private final Recipe recipe;
    private boolean installed;

    MaeScheduleHook(Recipe recipe) {
        this.recipe = recipe;
    }

    static MaeLrSchedule schedule(ScheduleConfig s, double peak, long totalSteps, Duration.StepContext ctx) {
        long warmup = s.warmup() == null ? 0 : Math.min(totalSteps, s.warmup().toSteps(ctx));
        return new MaeLrSchedule(peak, s.minLr(), warmup, totalSteps);
    }

    @Override
    public void beforeStep(long completedSteps, LoopControl control) {
        if (installed) {
            return;
        }
        installed = true;
        ScheduleConfig s = recipe.schedule();
        if (s != null && "cosine".equals(s.name())) {
            control.replaceSchedule(schedule(s, recipe.optimizer().lr(), control.plan().totalSteps(), control.plan().stepContext()));
        }
    }
}
