package dev.effitrain.core.report;

import dev.effitrain.core.report.TextTable.Align;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The comparison as tables: absolute figures, and figures relative to the first run. */
public final class ComparisonTables {

    static final String NOT_REACHED = "not reached";

    private ComparisonTables() {
    }

    public static TextTable figures(Comparison c) {
        List<String> header = new ArrayList<>(List.of("run", "status", "steps"));
        header.addAll(c.tableMetrics());
        header.addAll(List.of("wall time", "FLOPs", "peak RSS", "optimizer state",
                "steps to target", "time to target", "FLOPs to target"));
        List<Align> align = new ArrayList<>(List.of(Align.LEFT, Align.LEFT));
        while (align.size() < header.size()) {
            align.add(Align.RIGHT);
        }
        TextTable t = new TextTable(header, align);
        for (Comparison.Row row : c.rows()) {
            Run run = row.run();
            List<String> cells = new ArrayList<>(List.of(run.label(), run.status(), steps(run)));
            for (String m : c.tableMetrics()) {
                cells.add(Formats.metric(row.finals().get(m)));
            }
            cells.add(Formats.duration(run.wallS()));
            cells.add(Formats.si(run.flops(), "FLOP"));
            cells.add(Formats.bytes(run.peakRssMb() * 1024 * 1024));
            cells.add(Formats.bytes(run.optimizerStateBytes()));
            cells.add(toTarget(row, h -> h.step(), Formats::steps));
            cells.add(toTarget(row, TargetHit::wallS, Formats::duration));
            cells.add(toTarget(row, TargetHit::flops, v -> Formats.si(v, "FLOP")));
            t.addRow(cells);
        }
        return t;
    }

    /** Each run's figures divided by the first run's; empty for a single run. */
    public static Optional<TextTable> relative(Comparison c) {
        if (c.rows().size() < 2) {
            return Optional.empty();
        }
        List<String> header = List.of("run", "time to target", "FLOPs to target", "steps to target",
                "wall time", "peak RSS", "optimizer state");
        List<Align> align = new ArrayList<>(List.of(Align.LEFT));
        while (align.size() < header.size()) {
            align.add(Align.RIGHT);
        }
        TextTable t = new TextTable(header, align);
        Comparison.Row base = c.rows().get(0);
        for (Comparison.Row row : c.rows()) {
            t.addRow(List.of(row.run().label(),
                    relativeHit(row, base, TargetHit::wallS),
                    relativeHit(row, base, TargetHit::flops),
                    relativeHit(row, base, TargetHit::step),
                    relative(row, base, Run::wallS),
                    relative(row, base, Run::peakRssMb),
                    relative(row, base, Run::optimizerStateBytes)));
        }
        return Optional.of(t);
    }

    /** "340/1000" while a run is short of its planned steps, else just the steps done. */
    static String steps(Run run) {
        if (run.steps().isEmpty()) {
            return Formats.UNKNOWN;
        }
        long done = run.steps().getAsLong();
        if (run.totalSteps().isPresent() && run.totalSteps().getAsLong() != done) {
            return done + "/" + run.totalSteps().getAsLong();
        }
        return String.valueOf(done);
    }

    private static String toTarget(Comparison.Row row, ToDoubleFunction<TargetHit> value,
                                   java.util.function.DoubleFunction<String> format) {
        if (!row.hasCurve()) {
            return Formats.UNKNOWN;
        }
        return row.hit().map(h -> format.apply(value.applyAsDouble(h))).orElse(NOT_REACHED);
    }

    private static String relativeHit(Comparison.Row row, Comparison.Row base, ToDoubleFunction<TargetHit> value) {
        if (row.hasCurve() && row.hit().isEmpty()) {
            return NOT_REACHED;
        }
        double v = row.hit().map(value::applyAsDouble).orElse(Double.NaN);
        double b = base.hit().map(value::applyAsDouble).orElse(Double.NaN);
        return Formats.ratio(Comparison.ratio(v, b));
    }

    private static String relative(Comparison.Row row, Comparison.Row base, ToDoubleFunction<Run> value) {
        return Formats.ratio(Comparison.ratio(value.applyAsDouble(row.run()), value.applyAsDouble(base.run())));
    }
}
