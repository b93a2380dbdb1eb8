package dev.effitrain.core.report;

/**
 * Where a run first reached the target value: the (interpolated) step and the wall time, FLOPs and
 * tokens spent by then. A coordinate the run did not log is NaN.
 */
public record TargetHit(double step, double wallS, double flops, double tokens) {

    public double on(XAxis axis) {
        return switch (axis) {
            case STEP -> step;
            case FLOPS -> flops;
            case TIME -> wallS;
            case TOKENS -> tokens;
        };
    }
}
