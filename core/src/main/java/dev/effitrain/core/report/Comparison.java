package dev.effitrain.core.report;

import dev.effitrain.core.EffitrainException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs side by side on one metric: each run's final values, totals and the step, time and FLOPs it
 * needed to reach a target value of that metric. Metrics not every run has are left out of the table
 * (the chosen metric excepted), and the notes say so.
 */
public final class Comparison {

    /** One run's line of the table. {@code hit} is empty when it never reached the target. */
    public record Row(Run run, Map<String, Double> finals, boolean hasCurve, Optional<TargetHit> hit) {
    }

    private final List<Row> rows;
    private final String metric;
    private final double target;
    private final String targetSource;
    private final List<String> tableMetrics;
    private final List<String> allMetrics;
    private final List<String> notes;

    private Comparison(List<Row> rows, String metric, double target, String targetSource,
                       List<String> tableMetrics, List<String> allMetrics, List<String> notes) {
        this.rows = List.copyOf(rows);
        this.metric = metric;
        this.target = target;
        this.targetSource = targetSource;
        this.tableMetrics = List.copyOf(tableMetrics);
        this.allMetrics = List.copyOf(allMetrics);
        this.notes = List.copyOf(notes);
    }

    /**
     * @param requestedMetric the metric to compare on, or null for {@code val_loss} (falling back to
     *                        {@code train_loss} when no run evaluated)
     * @param requestedTarget the target value, or null for the worst final value among the runs
     * @throws EffitrainException (usage) when no run has the requested metric, or no run has any
     */
    public static Comparison of(List<Run> runs, String requestedMetric, Double requestedTarget) {
        if (runs.isEmpty()) {
            throw EffitrainException.usage("nothing to compare: no run directories given");
        }
        List<String> notes = new ArrayList<>();
        for (Run r : runs) {
            r.notes().forEach(n -> notes.add(r.label() + ": " + n));
        }
        List<String> union = union(runs);
        String metric = chooseMetric(union, requestedMetric, notes);
        boolean higher = MetricInfo.higherIsBetter(metric);
        TargetChoice target = chooseTarget(runs, metric, requestedTarget);
        List<String> shared = shared(runs, union);
        List<String> table = new ArrayList<>();
        table.add(metric);
        shared.stream().filter(m -> !m.equals(metric)).forEach(table::add);
        notes.addAll(leftOutNotes(runs, union, table));

        List<Row> rows = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Double> finals = new LinkedHashMap<>();
            for (String m : table) {
                finals.put(m, r.finalValue(m));
            }
            List<Sample> curve = r.curve(metric);
            Optional<TargetHit> hit = Double.isFinite(target.value())
                    ? TimeToTarget.find(curve, target.value(), higher, r.progress()) : Optional.empty();
            rows.add(new Row(r, finals, !curve.isEmpty(), hit));
            if (curve.isEmpty() && r.qualityMetrics().contains(metric)) {
                notes.add(r.label() + ": " + metric + " only in summary.json, no logged curve: no time to target");
            }
        }
        return new Comparison(rows, metric, target.value(), target.source(), table, union, notes);
    }

    private record TargetChoice(double value, String source) {
    }

    /** The given target, else the worst final value among the runs (NaN when none is finite). */
    private static TargetChoice chooseTarget(List<Run> runs, String metric, Double requested) {
        if (requested != null) {
            return new TargetChoice(requested, "given");
        }
        boolean higher = MetricInfo.higherIsBetter(metric);
        String worst = null;
        double target = Double.NaN;
        for (Run r : runs) {
            double v = r.finalValue(metric);
            if (Double.isFinite(v) && (worst == null || !TimeToTarget.reaches(v, target, higher))) {
                target = v;
                worst = r.label();
            }
        }
        return worst == null
                ? new TargetChoice(Double.NaN, "none: no run has a finite final " + metric)
                : new TargetChoice(target, "the worst final value among the runs (" + worst + ")");
    }

    private static List<String> union(List<Run> runs) {
        Set<String> all = new LinkedHashSet<>();
        if (runs.stream().anyMatch(r -> r.qualityMetrics().contains(MetricInfo.TRAIN_LOSS))) {
            all.add(MetricInfo.TRAIN_LOSS);
        }
        runs.forEach(r -> all.addAll(r.qualityMetrics()));
        return new ArrayList<>(all);
    }

    private static List<String> shared(List<Run> runs, List<String> union) {
        List<String> shared = new ArrayList<>();
        for (String m : union) {
            if (runs.stream().allMatch(r -> r.qualityMetrics().contains(m))) {
                shared.add(m);
            }
        }
        return shared;
    }

    private static String chooseMetric(List<String> union, String requested, List<String> notes) {
        if (union.isEmpty()) {
            throw EffitrainException.usage("nothing to compare: none of the runs has logged a metric yet");
        }
        if (requested != null) {
            if (!union.contains(requested)) {
                throw EffitrainException.usage("no run has the metric '" + requested + "'; the runs have: "
                        + String.join(", ", union));
            }
            return requested;
        }
        if (union.contains(MetricInfo.VAL_LOSS)) {
            return MetricInfo.VAL_LOSS;
        }
        String fallback = union.contains(MetricInfo.TRAIN_LOSS) ? MetricInfo.TRAIN_LOSS : union.get(0);
        notes.add("no run has " + MetricInfo.VAL_LOSS + " (no evaluation logged); comparing on " + fallback);
        return fallback;
    }

    private static List<String> leftOutNotes(List<Run> runs, List<String> union, List<String> table) {
        List<String> out = new ArrayList<>();
        for (String m : union) {
            List<String> with = new ArrayList<>();
            List<String> without = new ArrayList<>();
            for (Run r : runs) {
                (r.qualityMetrics().contains(m) ? with : without).add(r.label());
            }
            if (without.isEmpty()) {
                continue;
            }
            String who = with.size() <= without.size()
                    ? "only " + String.join(", ", with) + " logged it"
                    : String.join(", ", without) + " did not log it";
            out.add(table.contains(m)
                    ? m + ": " + who + "; those runs show '-' and have no time to target"
                    : m + ": left out of the table, " + who);
        }
        return out;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Run> runs() {
        return rows.stream().map(Row::run).toList();
    }

    /** The metric compared on. */
    public String metric() {
        return metric;
    }

    public boolean higherIsBetter() {
        return MetricInfo.higherIsBetter(metric);
    }

    /** NaN when no run has a finite value of the metric. */
    public double target() {
        return target;
    }

    /** How the target was chosen, in words. */
    public String targetSource() {
        return targetSource;
    }

    /** The metric columns: the compared metric first, then those every run has. */
    public List<String> tableMetrics() {
        return tableMetrics;
    }

    /** Every quality metric any run has. */
    public List<String> allMetrics() {
        return allMetrics;
    }

    /** The compared metric, then validation and training loss and accuracies where some run has them. */
    public List<String> plotMetrics() {
        List<String> out = new ArrayList<>();
        out.add(metric);
        for (String m : List.of(MetricInfo.VAL_LOSS, MetricInfo.TRAIN_LOSS)) {
            if (!out.contains(m) && allMetrics.contains(m)) {
                out.add(m);
            }
        }
        for (String m : allMetrics) {
            if (!out.contains(m) && MetricInfo.isAccuracy(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Run notes (prefixed with the run's label), then what the comparison left out. */
    public List<String> notes() {
        return notes;
    }

    /** {@code value / baseline}; NaN when either is unknown or the baseline is zero. */
    public static double ratio(double value, double baseline) {
        if (!Double.isFinite(value) || !Double.isFinite(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }
}
