package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.optim.LrSchedule;
import dev.effitrain.core.optim.LrSchedules;
import dev.effitrain.core.train.TrainPlan;

/**
 * The learning rate during a stage, indexed by the run's global step. With its own schedule a stage
 * runs that schedule over its own steps; otherwise it follows the run's schedule (scaled by the
 * stage's lr over the recipe's), times a linear rewarm from the stage's first step when asked.
 */
final class StageSchedule {
    private StageSchedule() {
    }

    static LrSchedule of(Recipe recipe, Stage stage, TrainPlan plan) {
        Duration.StepContext run = plan.stepContext();
        if (stage.schedule() != null) {
            Duration.StepContext own = new Duration.StepContext(run.stepsPerEpoch(), run.samplesPerStep(),
                    run.tokensPerStep(), stage.length());
            LrSchedule inner = LrSchedules.create(stage.schedule(), stage.optimizer().lr(), stage.length(), own);
            return step -> inner.lr(step - stage.start());
        }
        LrSchedule base = LrSchedules.create(recipe.schedule(), recipe.optimizer().lr(), plan.totalSteps(), run);
        double scale = stage.optimizer().lr() / recipe.optimizer().lr();
        long warm = stage.warmupSteps();
        return step -> {
            double lr = base.lr(step) * scale;
            long into = step - stage.start();
            return warm > 0 && into < warm ? lr * (into + 1) / warm : lr;
        };
    }
}
