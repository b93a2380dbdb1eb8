package dev.effitrain.trainers.mim;

import dev.effitrain.core.optim.LrSchedule;

/**
 * MAE's per-iteration schedule ({@code util/lr_sched.adjust_learning_rate}): linear warmup from 0,
 * then a half-cycle cosine to {@code minLr}. In steps: {@code lr(s) = peak·s/W} for s &lt; W, else
 * {@code min + (peak − min)·½(1 + cos(π(s − W)/(T − W)))}; lr(0) = 0 (with warmup), lr(W) = peak,
 * lr(T) = min.
 */
public record MaeLrSchedule(double peak, double minLr, long warmupSteps, long totalSteps) implements LrSchedule {

    @Override
    public double lr(long step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        long span = totalSteps - warmupSteps;
        double progress = span <= 0 ? 1 : Math.min(1.0, (double) (step - warmupSteps) / span);
        return minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
