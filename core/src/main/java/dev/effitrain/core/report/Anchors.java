package dev.effitrain.core.report;

import java.util.List;

/**
 * A cumulative counter (FLOPs, wall seconds, tokens) known at some steps, read at any step by
 * linear interpolation. Before the first known step the counter is assumed to grow linearly from
 * zero at step 0; after the last one it keeps the slope of the last interval.
 */
final class Anchors {

    private final double[] steps;
    private final double[] values;

    /** {@code points} must be sorted by strictly increasing step and hold finite values. */
    Anchors(List<Sample> points) {
        steps = new double[points.size()];
        values = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            steps[i] = points.get(i).step();
            values[i] = points.get(i).value();
        }
    }

    boolean isEmpty() {
        return steps.length == 0;
    }

    double at(double step) {
        int n = steps.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (step <= steps[0]) {
            return steps[0] == 0 ? values[0] : values[0] * step / steps[0];
        }
        if (step >= steps[n - 1]) {
            if (step == steps[n - 1]) {
                return values[n - 1];
            }
            double x0 = n >= 2 ? steps[n - 2] : 0;
            double y0 = n >= 2 ? values[n - 2] : 0;
            return Interpolation.linear(x0, y0, steps[n - 1], values[n - 1], step);
        }
        int hi = upperIndex(step);
        return Interpolation.linear(steps[hi - 1], values[hi - 1], steps[hi], values[hi], step);
    }

    /** Smallest index whose step is >= {@code step}; callers guarantee steps[0] < step < steps[n-1]. */
    private int upperIndex(double step) {
        int lo = 0;
        int hi = steps.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (steps[mid] >= step) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
