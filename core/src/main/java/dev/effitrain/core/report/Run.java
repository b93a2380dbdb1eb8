package dev.effitrain.core.report;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One run directory as read: its summary (absent while the run is in progress), its metrics log and
 * what was noticed while reading. Totals prefer the summary and fall back to the last training line.
 */
public final class Run {

    /** Status shown for a run without summary.json. */
    public static final String UNFINISHED = "unfinished";

    private final Path dir;
    private final String label;
    private final RunSummary summary;
    private final MetricsLog log;
    private final Progress progress;
    private final List<String> notes;

    Run(Path dir, String label, RunSummary summary, MetricsLog log, List<String> notes) {
        this.dir = dir;
        this.label = label;
        this.summary = summary;
        this.log = log;
        this.progress = Progress.of(log, Optional.ofNullable(summary));
        this.notes = List.copyOf(notes);
    }

    /** The same run under another label (two runs with the same directory name). */
    Run relabelled(String newLabel) {
        return new Run(dir, newLabel, summary, log, notes);
    }

    public Path dir() {
        return dir;
    }

    /** Short name used in tables and legends: the directory name. */
    public String label() {
        return label;
    }

    public Optional<RunSummary> summary() {
        return Optional.ofNullable(summary);
    }

    public boolean finished() {
        return summary != null;
    }

    public MetricsLog log() {
        return log;
    }

    public Progress progress() {
        return progress;
    }

    /** What the reader noticed (unfinished run, skipped lines, missing files), without the label. */
    public List<String> notes() {
        return notes;
    }

    public String status() {
        if (summary == null) {
            return UNFINISHED;
        }
        return summary.status() == null ? "unknown" : summary.status();
    }

    public OptionalLong steps() {
        if (summary != null && summary.steps().isPresent()) {
            return summary.steps();
        }
        return log.lastStep();
    }

    public OptionalLong totalSteps() {
        if (summary != null && summary.totalSteps().isPresent()) {
            return summary.totalSteps();
        }
        return log.totalSteps();
    }

    /** Parameter count, from the summary or the start line. */
    public OptionalLong params() {
        if (summary != null && summary.params().isPresent()) {
            return summary.params();
        }
        return log.params();
    }

    public double wallS() {
        return summary == null ? lastLogged("wall_s") : orElse(summary.wallS(), lastLogged("wall_s"));
    }

    public double flops() {
        return summary == null ? lastLogged("flops") : orElse(summary.flops(), lastLogged("flops"));
    }

    public double peakRssMb() {
        double logged = maxOf(maxLogged("peak_rss_mb"), maxLogged("rss_mb"));
        return summary == null ? logged : orElse(summary.peakRssMb(), logged);
    }

    public double optimizerStateBytes() {
        double logged = lastLogged("optimizer_state_bytes");
        return summary == null ? logged : orElse(summary.optimizerStateBytes(), logged);
    }

    /**
     * Quality metrics this run has: {@code train_loss} and every evaluation metric, from the log or the
     * summary.
     */
    public Set<String> qualityMetrics() {
        Set<String> names = new LinkedHashSet<>();
        if (!log.series(MetricInfo.TRAIN_LOSS).isEmpty() || (summary != null && summary.finalTrainLoss().isPresent())) {
            names.add(MetricInfo.TRAIN_LOSS);
        }
        names.addAll(log.evalMetrics());
        if (summary != null) {
            names.addAll(summary.eval().keySet());
        }
        return names;
    }

    /** The finite logged points of a metric, in step order. */
    public List<Sample> curve(String metric) {
        return Sample.finiteOnly(log.series(metric));
    }

    /** The last finite logged value, else the summary's; NaN when neither has it. */
    public double finalValue(String metric) {
        List<Sample> points = curve(metric);
        if (!points.isEmpty()) {
            return points.get(points.size() - 1).value();
        }
        if (summary != null) {
            OptionalDouble v = summary.metric(metric);
            if (v.isPresent()) {
                return v.getAsDouble();
            }
        }
        return Double.NaN;
    }

    private double lastLogged(String series) {
        List<Sample> points = Sample.finiteOnly(log.series(series));
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).value();
    }

    private double maxLogged(String series) {
        double max = Double.NaN;
        for (Sample s : Sample.finiteOnly(log.series(series))) {
            max = maxOf(max, s.value());
        }
        return max;
    }

    /** Like Math.max, but an unknown (NaN) side loses instead of winning. */
    private static double maxOf(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static double orElse(OptionalDouble v, double fallback) {
        return v.isPresent() ? v.getAsDouble() : fallback;
    }

    @Override
    public String toString() {
        return label + " (" + dir + ")";
    }
}
