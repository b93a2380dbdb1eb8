package dev.effitrain.core.report;

import java.awt.AWTError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A single run's plots in {@code RUN/plots/}: loss (training and validation) against step, FLOPs,
 * wall time and tokens, and accuracy against step where the run has one. The training loop calls
 * this at each evaluation and at the end, so it reads the run afresh each time and never throws:
 * whatever it cannot draw (too few points, a counter not logged) is skipped with the reason. It
 * costs a few tenths of a second per plot; a caller that wants none of that on the training thread
 * can call it from another thread, as files are replaced atomically.
 */
public final class RunPlots {

    public static final String DIR = "plots";

    private RunPlots() {
    }

    public static PlotResult write(Path runDir) {
        try {
            return writeOrThrow(runDir);
        } catch (Exception | LinkageError | AWTError | InternalError e) {
            // LinkageError and AWTError: a JRE without AWT or fonts; training must go on regardless
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return PlotResult.skippedAll("plots not written: " + why);
        }
    }

    private static PlotResult writeOrThrow(Path runDir) throws IOException {
        Run run = RunReader.read(runDir);
        Path out = runDir.resolve(DIR);
        PlotResult.Builder result = new PlotResult.Builder();
        List<String> losses = new ArrayList<>();
        List<String> accuracies = new ArrayList<>();
        for (String m : run.qualityMetrics()) {
            if (MetricInfo.isAccuracy(m)) {
                accuracies.add(m);
            } else if (m.contains("loss")) {
                losses.add(m);
            }
        }
        for (XAxis axis : XAxis.values()) {
            plot(run, losses, "loss", axis, out, result);
        }
        if (!accuracies.isEmpty()) {
            plot(run, accuracies, "accuracy", XAxis.STEP, out, result);
        }
        return result.build();
    }

    private static void plot(Run run, List<String> metrics, String what, XAxis axis, Path out,
                             PlotResult.Builder result) throws IOException {
        String name = what + "-vs-" + axis.cliName();
        if (axis != XAxis.STEP && !run.progress().has(axis)) {
            result.skipped(name + ": the run logged no " + ComparisonPlots.counterWords(axis));
            return;
        }
        List<RunCurve> curves = new ArrayList<>();
        List<String> drawn = new ArrayList<>();
        for (String m : metrics) {
            RunCurve c = RunCurve.of(run, m, axis);
            if (c.points() > 0) {
                curves.add(c);
                drawn.add(m);
            }
        }
        if (curves.stream().allMatch(c -> c.points() < 2)) {
            result.skipped(name + ": fewer than 2 logged points so far");
            return;
        }
        double maxX = curves.stream().mapToDouble(RunCurve::maxX).max().orElse(0);
        AxisScale scale = AxisScale.of(axis, maxX);
        boolean percent = drawn.stream().allMatch(MetricInfo::isAccuracy)
                && MetricInfo.showAsPercent(drawn.get(0), curves.stream().map(RunCurve::y).toList());
        List<ChartSpec.Line> lines = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            lines.add(curves.get(i).toLine(MetricInfo.axisTitle(drawn.get(i), false), scale, percent ? 100 : 1, i));
        }
        List<ChartSpec.Marker> markers = new ArrayList<>();
        for (RunCurve.StageMarkAt m : RunCurve.stages(run, axis)) {
            markers.add(new ChartSpec.Marker(scale.apply(m.x()), m.name(), -1));
        }
        String yTitle = percent ? what + " (%)" : what;
        String xTitle = axis == XAxis.TOKENS && run.progress().tokensEstimated()
                ? scale.title() + ", estimated from tokens_per_s x step_ms" : scale.title();
        ChartSpec spec = new ChartSpec(run.label() + ": " + what + " vs " + AxisScale.noun(axis),
                xTitle, yTitle, lines, markers);
        Path file = out.resolve(name + ".png");
        PngChart.write(spec, file);
        result.wrote(file);
    }
}
