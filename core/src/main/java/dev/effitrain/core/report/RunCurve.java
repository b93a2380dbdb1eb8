package dev.effitrain.core.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's metric placed on an x axis, in raw units (FLOPs, seconds, tokens). Points whose x the run
 * cannot tell (it never logged that counter) are dropped.
 */
record RunCurve(double[] x, double[] y) {

    static RunCurve of(Run run, String metric, XAxis axis) {
        List<Sample> points = run.curve(metric);
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        int n = 0;
        for (Sample s : points) {
            double at = run.progress().at(axis, s.step());
            if (Double.isFinite(at)) {
                x[n] = at;
                y[n++] = s.value();
            }
        }
        return new RunCurve(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** The run's stage boundaries on the axis, in raw units. */
    static List<StageMarkAt> stages(Run run, XAxis axis) {
        List<StageMarkAt> out = new ArrayList<>();
        for (StageMark m : run.log().stages()) {
            double at = run.progress().at(axis, m.step());
            if (Double.isFinite(at)) {
                out.add(new StageMarkAt(at, m.name()));
            }
        }
        return out;
    }

    record StageMarkAt(double x, String name) {
    }

    int points() {
        return x.length;
    }

    double maxX() {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, v);
        }
        return max;
    }

    ChartSpec.Line toLine(String label, AxisScale scale, double yFactor, int color) {
        double[] sx = new double[x.length];
        double[] sy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            sx[i] = scale.apply(x[i]);
            sy[i] = y[i] * yFactor;
        }
        return new ChartSpec.Line(label, sx, sy, color);
    }
}
