package dev.effitrain.core.optim;

/**
 * Linear warmup to the peak, a stable phase at the peak, then a decay to {@code minLr} that ends
 * exactly at the last step. Steps are 0-based: warmup step {@code s < warmup} uses
 * {@code peak·(s+1)/warmup} (so the last warmup step is at the peak); decay step
 * {@code s ∈ [decayStart, total)} has progress {@code (s - decayStart) / (total - 1 - decayStart)},
 * 0 at its first step (the peak) and 1 at the last ({@code minLr}). Steps past the end stay at
 * {@code minLr}.
 */
final class WarmupDecaySchedule implements LrSchedule {

    enum Decay { NONE, LINEAR, COSINE }

    private final double peak;
    private final double minLr;
    private final long warmup;
    private final long decayStart;
    private final long total;
    private final Decay decay;

    WarmupDecaySchedule(double peak, double minLr, long warmup, long decayStart, long total, Decay decay) {
        this.peak = peak;
        this.minLr = minLr;
        this.warmup = Math.max(0, warmup);
        this.decayStart = Math.max(this.warmup, decayStart);
        this.total = total;
        this.decay = decay;
    }

    @Override
    public double lr(long step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        if (decay == Decay.NONE || step < decayStart) {
            return peak;
        }
        long span = total - 1 - decayStart;
        double progress = span <= 0 ? 1 : Math.min(1, (double) (step - decayStart) / span);
        return switch (decay) {
            case LINEAR -> peak + (minLr - peak) * progress;
            case COSINE -> minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
            case NONE -> peak;
        };
    }

    @Override
    public String toString() {
        return "WarmupDecaySchedule[peak=" + peak + ", min=" + minLr + ", warmup=" + warmup
                + ", decayStart=" + decayStart + ", total=" + total + ", " + decay + "]";
    }
}
