package dev.effitrain.core.optim;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.DurationUnit;
import dev.effitrain.core.config.ScheduleConfig;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@link LrSchedule} of a recipe's {@code schedule:} section: {@code constant}
 * (optional warmup), {@code linear} and {@code cosine} (warmup, then decay to {@code min_lr} over
 * the rest of the run), {@code wsd} (warmup, stable at the peak, then a linear decay to
 * {@code min_lr} over the final {@code decay}, 20% of the run when not given). See
 * {@link WarmupDecaySchedule} for the exact step arithmetic.
 */
public final class LrSchedules {

    public static final List<String> NAMES = List.of("constant", "linear", "cosine", "wsd");

    /** WSD decay length when the recipe gives none. */
    static final double DEFAULT_WSD_DECAY_FRACTION = 0.2;

    private LrSchedules() {
    }

    /**
     * @param cfg        the schedule section, or null for a constant rate
     * @param baseLr     the peak rate ({@code optimizer.lr})
     * @param totalSteps optimizer steps in the run
     * @param ctx        resolves warmup/decay durations given in epochs, tokens, samples or fractions
     */
    public static LrSchedule create(ScheduleConfig cfg, double baseLr, long totalSteps, Duration.StepContext ctx) {
        if (cfg == null) {
            return step -> baseLr;
        }
        String name = cfg.name() == null ? "constant" : cfg.name().trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw EffitrainException.usage("schedule.name: unknown schedule '" + cfg.name() + "'; valid: "
                    + String.join(", ", NAMES));
        }
        double minLr = cfg.minLr();
        if (!(minLr >= 0) || Double.isInfinite(minLr)) {
            throw EffitrainException.usage("schedule.min_lr: must be a non-negative number, got " + minLr);
        }
        if (!name.equals("constant") && minLr > baseLr) {
            throw EffitrainException.usage("schedule.min_lr: " + minLr + " is above the peak optimizer.lr " + baseLr);
        }
        long warmup = steps(cfg.warmup(), ctx, "schedule.warmup");
        return switch (name) {
            case "constant" -> new WarmupDecaySchedule(baseLr, baseLr, warmup, totalSteps, totalSteps,
                    WarmupDecaySchedule.Decay.NONE);
            case "linear" -> new WarmupDecaySchedule(baseLr, minLr, warmup, warmup, totalSteps,
                    WarmupDecaySchedule.Decay.LINEAR);
            case "cosine" -> new WarmupDecaySchedule(baseLr, minLr, warmup, warmup, totalSteps,
                    WarmupDecaySchedule.Decay.COSINE);
            default -> {
                long decay = cfg.decay() == null
                        ? Math.round(DEFAULT_WSD_DECAY_FRACTION * totalSteps)
                        : steps(cfg.decay(), ctx, "schedule.decay");
                yield new WarmupDecaySchedule(baseLr, minLr, warmup, totalSteps - decay, totalSteps,
                        WarmupDecaySchedule.Decay.LINEAR);
            }
        };
    }

    private static long steps(Duration d, Duration.StepContext ctx, String key) {
        if (d == null) {
            return 0;
        }
        if (ctx == null && d.unit() != DurationUnit.BA) {
            throw EffitrainException.usage(key + ": '" + d + "' needs the run's epoch/token sizes; give it in steps (ba)");
        }
        try {
            return d.toSteps(ctx);
        } catch (RuntimeException e) {
            throw EffitrainException.usage(key + ": cannot resolve '" + d + "' to steps: " + e.getMessage());
        }
    }
}
