package dev.effitrain.core.report;

import java.util.List;
import java.util.Optional;

/**
 * When a curve first reaches a target value. Between the first logged point that reaches it and the
 * point before, the metric is taken to change linearly; the crossing sits at the same fraction of
 * that interval on every axis, which is where the plotted line crosses the target on each plot.
 */
public final class TimeToTarget {

    private TimeToTarget() {
    }

    /**
     * @param curve finite points in step order
     * @return empty when no point reaches the target; the first point itself when it already does
     */
    public static Optional<TargetHit> find(List<Sample> curve, double target, boolean higherIsBetter, Progress progress) {
        for (int i = 0; i < curve.size(); i++) {
            Sample now = curve.get(i);
            if (!reaches(now.value(), target, higherIsBetter)) {
                continue;
            }
            if (i == 0) {
                return Optional.of(hitAt(now.step(), now.step(), 0, progress));
            }
            Sample before = curve.get(i - 1);
            double fraction = (target - before.value()) / (now.value() - before.value());
            return Optional.of(hitAt(before.step(), now.step(), fraction, progress));
        }
        return Optional.empty();
    }

    static boolean reaches(double value, double target, boolean higherIsBetter) {
        return higherIsBetter ? value >= target : value <= target;
    }

    private static TargetHit hitAt(long from, long to, double fraction, Progress progress) {
        return new TargetHit(
                Interpolation.lerp(from, to, fraction),
                between(progress, XAxis.TIME, from, to, fraction),
                between(progress, XAxis.FLOPS, from, to, fraction),
                between(progress, XAxis.TOKENS, from, to, fraction));
    }

    private static double between(Progress progress, XAxis axis, long from, long to, double fraction) {
        return Interpolation.lerp(progress.at(axis, from), progress.at(axis, to), fraction);
    }
}
