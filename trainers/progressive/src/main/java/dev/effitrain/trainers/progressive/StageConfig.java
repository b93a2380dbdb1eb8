package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.Duration;
import java.util.Map;

/**
 * One stage of a progressive run, as written in a recipe. Every key is optional.
 *
 * @param until          where the stage ends, as a point in the run (e.g. {@code 1000ba}, {@code 0.25dur});
 *                       the last stage ends with the run
 * @param duration       how long the stage lasts instead of {@code until}
 * @param model          the stage's model as a partial override of the recipe's {@code model:}
 *                       (layers, d_model, heads, mlp_ratio, mlp_hidden)
 * @param grow           the operators that turn the previous stage's model into this one
 * @param optimizerState {@code reset} (a fresh optimizer) or {@code map} (moments grown with the
 *                       same operator as the weights, step counters kept); default reset
 * @param lr             {@code continue} the run's schedule (default) or {@code rewarm}: a new linear
 *                       warmup over {@code warmup} multiplies it
 * @param warmup         rewarm length; default the recipe's {@code schedule.warmup}
 * @param optimizer      the stage's optimizer as a partial override of the recipe's {@code optimizer:}
 * @param schedule       the stage's own schedule (a partial override of the recipe's {@code schedule:}),
 *                       spanning just this stage; {@code dur} units in it are fractions of the stage
 */
public record StageConfig(Duration until, Duration duration, Map<String, Object> model, GrowConfig grow,
                          OptimizerState optimizerState, LrMode lr, Duration warmup, Map<String, Object> optimizer,
                          Map<String, Object> schedule) {

    /** What happens to the optimizer's state when a stage begins. */
    public enum OptimizerState { RESET, MAP }

    /** What happens to the learning rate when a stage begins. */
    public enum LrMode { CONTINUE, REWARM }
}
