package dev.effitrain.core.optim;

import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ScheduleConfig;
import java.util.Optional;

/**
 * The learning rate as a function of the batch size ({@code optimizer.lr_scaling}): {@code lr(B) =
 * lr_ref · (B / B_ref)^p}, p = 1 ({@code linear}, for SGD-like optimizers and MAE's {@code base_lr}
 * rule) or p = 1/2 ({@code sqrt}, for Adam-family optimizers; Granziol et al., JMLR 2022). B is
 * {@code train.batch_size}, the samples of one optimizer step: gradient accumulation and data-parallel
 * devices split it and do not change it. {@code schedule.min_lr} scales by the same factor, so the
 * schedule keeps its shape (the ratio of floor to peak) at every batch size.
 */
public final class LrScaling {
    private LrScaling() {
    }

    /** {@code lr} at {@code batch} when it is right at {@code referenceBatch}. */
    public static double scale(double lr, String rule, long batch, long referenceBatch) {
        return switch (rule) {
            // lr * B / ref in this order: MAE's base_lr rule has always computed it so
            case OptimizerConfig.LrScaling.LINEAR -> lr * batch / referenceBatch;
            case OptimizerConfig.LrScaling.SQRT -> lr * Math.sqrt((double) batch / referenceBatch);
            default -> throw new IllegalArgumentException("optimizer.lr_scaling.rule: unknown rule " + rule);
        };
    }

    /** The recipe with its learning rates scaled to train.batch_size; the recipe itself when it has no lr_scaling. */
    public static Recipe apply(Recipe recipe) {
        OptimizerConfig o = recipe.optimizer();
        if (o.lrScaling() == null) {
            return recipe;
        }
        double factor = scale(1.0, o.lrScaling().rule(), recipe.train().batchSize(), o.lrScaling().referenceBatch());
        if (factor == 1.0) {
            return recipe;
        }
        ScheduleConfig s = recipe.schedule();
        ScheduleConfig scaled = new ScheduleConfig(s.name(), s.warmup(), s.minLr() * factor, s.decay());
        return recipe.with(o.withLrTimes(factor), scaled);
    }

    /**
     * One line saying what the rule resolved to, e.g. {@code lr_scaling: sqrt, batch 64 / reference 16:
     * optimizer.lr 0.001 -> 0.002, schedule.min_lr 0.0001 -> 0.0002}; empty without lr_scaling.
     */
    public static Optional<String> describe(Recipe written, Recipe applied) {
        OptimizerConfig.LrScaling rule = written.optimizer().lrScaling();
        if (rule == null) {
            return Optional.empty();
        }
        return Optional.of("lr_scaling: " + rule.rule() + ", batch " + written.train().batchSize() + " / reference "
                + rule.referenceBatch() + ": optimizer.lr " + written.optimizer().lr() + " -> " + applied.optimizer().lr()
                + ", schedule.min_lr " + written.schedule().minLr() + " -> " + applied.schedule().minLr());
    }
}
