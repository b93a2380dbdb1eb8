package dev.effitrain.core.report;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One PNG per (metric, x axis), one line per run, named {@code METRIC-vs-AXIS.png}: the compared
 * metric, training loss and accuracies, against the axes asked for.
 */
public final class ComparisonPlots {

    private ComparisonPlots() {
    }

    /** @throws EffitrainException (exit 3) when a PNG cannot be written */
    public static PlotResult write(Comparison c, Path outDir, List<XAxis> axes) {
        PlotResult.Builder result = new PlotResult.Builder();
        for (String metric : c.plotMetrics()) {
            double target = metric.equals(c.metric()) ? c.target() : Double.NaN;
            for (XAxis axis : axes) {
                plot(c.runs(), metric, target, axis, outDir, result);
            }
        }
        return result.build();
    }

    /** {@code target} NaN: no target line. */
    private static void plot(List<Run> runs, String metric, double target, XAxis axis, Path outDir,
                             PlotResult.Builder result) {
        String name = metric + "-vs-" + axis.cliName();
        List<RunCurve> curves = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        List<Run> drawn = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (run.curve(metric).isEmpty()) {
                continue;
            }
            RunCurve curve = RunCurve.of(run, metric, axis);
            if (curve.points() == 0) {
                leftOut.add(run.label());
                continue;
            }
            curves.add(curve);
            colors.add(i);
            drawn.add(run);
            longest = Math.max(longest, curve.points());
        }
        if (longest < 2) {
            result.skipped(name + ": " + (curves.isEmpty() ? "no run logged " + counterWords(axis)
                    : "fewer than 2 points in every run"));
            return;
        }
        if (!leftOut.isEmpty()) {
            result.skipped(name + ": " + String.join(", ", leftOut) + " left out, no " + counterWords(axis) + " logged");
        }
        double maxX = curves.stream().mapToDouble(RunCurve::maxX).max().orElse(0);
        AxisScale scale = AxisScale.of(axis, maxX);
        boolean percent = MetricInfo.showAsPercent(metric, curves.stream().map(RunCurve::y).toList());
        List<ChartSpec.Line> lines = new ArrayList<>();
        List<ChartSpec.Marker> markers = new ArrayList<>();
        for (int k = 0; k < curves.size(); k++) {
            Run run = drawn.get(k);
            String label = axis == XAxis.TOKENS && run.progress().tokensEstimated()
                    ? run.label() + " (tokens estimated from tokens_per_s x step_ms)" : run.label();
            lines.add(curves.get(k).toLine(label, scale, percent ? 100 : 1, colors.get(k)));
            for (RunCurve.StageMarkAt m : RunCurve.stages(run, axis)) {
                markers.add(new ChartSpec.Marker(scale.apply(m.x()), m.name(), colors.get(k)));
            }
        }
        ChartSpec.Target targetLine = Double.isFinite(target)
                ? new ChartSpec.Target(target * (percent ? 100 : 1), "target " + Formats.metric(target)) : null;
        ChartSpec spec = new ChartSpec(MetricInfo.axisTitle(metric, false) + " vs " + AxisScale.noun(axis),
                scale.title(), MetricInfo.axisTitle(metric, percent), lines, markers, targetLine);
        Path file = outDir.resolve(name + ".png");
        try {
            PngChart.write(spec, file);
        } catch (IOException e) {
            throw EffitrainException.badInput("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
        result.wrote(file);
    }

    /** What a run must log for a curve on this axis. */
    static String counterWords(XAxis axis) {
        return switch (axis) {
            case STEP -> "steps";
            case FLOPS -> "FLOPs (flops)";
            case TIME -> "wall time (wall_s)";
            case TOKENS -> "tokens (tokens, or tokens_per_s with step_ms)";
        };
    }
}
