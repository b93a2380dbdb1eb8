package dev.effitrain.core.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import dev.effitrain.core.report.MetricInfo;
import dev.effitrain.core.report.RunSummary;
import dev.effitrain.core.report.SensitivityPlot;
import dev.effitrain.core.report.TextTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What a sweep's members reached, written as {@code sweep.json} (strict JSON), {@code sweep.txt}
 * (a table: one row per grid point, the final metric's mean and range over seeds) and
 * {@code sensitivity.png} (final metric vs the first numeric grid key, log x, one line per setting
 * of the other keys). The metric is the final validation loss when every finished member has one,
 * else the final training loss.
 */
public final class SweepReport {
    public static final String TABLE = "sweep.txt";
    public static final String PLOT = "sensitivity.png";

    private final Path dir;
    private final SweepSpec spec;
    private final List<SweepMember> members;

    public SweepReport(Path dir, SweepSpec spec, List<SweepMember> members) {
        this.dir = dir;
        this.spec = spec;
        this.members = members;
    }

    /** One member's outcome: its summary status (or "pending") and the final metric (NaN when none). */
    public record Result(SweepMember member, String status, double finalValue) {
    }

    /** sweep.json with the spec and the member list only: written before the first member runs. */
    public void writePlan() {
        SweepDirectory.write(dir, StrictJson.report(json(results(MetricInfo.TRAIN_LOSS), MetricInfo.TRAIN_LOSS, List.of(), null)));
    }

    /** Reads every member's summary and writes sweep.json, sweep.txt and the plot; returns the table. */
    public String write() {
        String metric = chooseMetric();
        List<Result> results = results(metric);
        List<Map<String, Object>> points = points(results);
        String plot = plot(points, metric);
        SweepDirectory.write(dir, StrictJson.report(json(results, metric, points, plot)));
        String table = table(points, metric) + (plot == null ? "" : "\nsensitivity plot: " + dir.resolve(plot) + "\n");
        try {
            Files.writeString(dir.resolve(TABLE), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EffitrainException.badInput(dir.resolve(TABLE) + ": cannot write (" + e.getMessage() + ")");
        }
        return table;
    }

    private String chooseMetric() {
        boolean allHaveVal = members.stream().map(this::summary).filter(s -> s != null)
                .allMatch(s -> s.metric("val_loss").isPresent() || "diverged".equals(s.status()));
        return allHaveVal && members.stream().map(this::summary).anyMatch(s -> s != null && s.metric("val_loss").isPresent())
                ? "val_loss" : MetricInfo.TRAIN_LOSS;
    }

    private List<Result> results(String metric) {
        List<Result> out = new ArrayList<>();
        for (SweepMember m : members) {
            RunSummary s = summary(m);
            String status = s == null || s.status() == null ? "pending" : s.status();
            OptionalDouble v = s == null || "diverged".equals(status) ? OptionalDouble.empty() : s.metric(metric);
            out.add(new Result(m, status, v.orElse(Double.NaN)));
        }
        return out;
    }

    private RunSummary summary(SweepMember m) {
        Path f = SweepDirectory.memberDir(dir, m).resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return RunSummary.from(JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One entry per grid point: its settings, and mean / min / max of the finite finals over its seeds. */
    private List<Map<String, Object>> points(List<Result> results) {
        Map<Map<String, String>, List<Result>> byPoint = new LinkedHashMap<>();
        results.forEach(r -> byPoint.computeIfAbsent(r.member().settings(), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> out = new ArrayList<>();
        byPoint.forEach((settings, rs) -> {
            double[] finite = rs.stream().mapToDouble(Result::finalValue).filter(Double::isFinite).toArray();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("settings", settings);
            p.put("seeds", rs.size());
            p.put("finished", rs.stream().filter(r -> !r.status().equals("pending") && !r.status().equals("interrupted")).count());
            p.put("diverged", rs.stream().filter(r -> r.status().equals("diverged")).count());
            p.put("mean", finite.length == 0 ? Double.NaN : Arrays.stream(finite).average().orElse(Double.NaN));
            p.put("min", Arrays.stream(finite).min().orElse(Double.NaN));
            p.put("max", Arrays.stream(finite).max().orElse(Double.NaN));
            out.add(p);
        });
        return out;
    }

    private Object json(List<Result> results, String metric, List<Map<String, Object>> points, String plot) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(SweepDirectory.SPEC, spec);
        o.put("metric", metric);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.member().index());
            m.put("dir", dir.relativize(SweepDirectory.memberDir(dir, r.member())).toString());
            m.put("overrides", r.member().overrides());
            m.put("status", r.status());
            m.put("final_" + metric, r.finalValue());
            ms.add(m);
        }
        o.put("members", ms);
        o.put("points", points);
        o.put("plot", plot);
        return o;
    }

    /** The first grid key whose values are all positive numbers, or null. */
    private SweepGrid.Axis numericAxis() {
        for (SweepGrid.Axis a : spec.grid()) {
            if (a.values().stream().allMatch(SweepReport::positiveNumber)) {
                return a;
            }
        }
        return null;
    }

    private static boolean positiveNumber(String s) {
        try {
            double v = Double.parseDouble(s);
            return v > 0 && Double.isFinite(v);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private String plot(List<Map<String, Object>> points, String metric) {
        SweepGrid.Axis x = numericAxis();
        if (x == null) {
            return null;
        }
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (Map<String, Object> p : points) {
            Map<String, String> settings = (Map<String, String>) p.get("settings");
            double mean = (double) p.get("mean");
            Map<String, String> rest = new LinkedHashMap<>(settings);
            rest.remove(x.key());
            String label = rest.isEmpty() ? metric : rest.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            List<double[]> line = lines.computeIfAbsent(label, k -> new ArrayList<>());
            if (Double.isFinite(mean)) {
                line.add(new double[] {Double.parseDouble(settings.get(x.key())), mean});
            }
        }
        List<SensitivityPlot.Line> drawn = new ArrayList<>();
        lines.forEach((label, pts) -> {
            if (!pts.isEmpty()) {
                pts.sort((a, b) -> Double.compare(a[0], b[0]));
                drawn.add(new SensitivityPlot.Line(label, pts.stream().mapToDouble(d -> d[0]).toArray(),
                        pts.stream().mapToDouble(d -> d[1]).toArray()));
            }
        });
        if (drawn.isEmpty()) {
            return null;
        }
        try {
            SensitivityPlot.write(dir.resolve(PLOT), "final " + metric + " vs " + x.key() + " (mean over seeds)",
                    x.key() + " (log scale)", "final " + metric, drawn);
        } catch (IOException e) {
            throw EffitrainException.badInput(dir.resolve(PLOT) + ": cannot write (" + e.getMessage() + ")");
        }
        return PLOT;
    }

    @SuppressWarnings("unchecked")
    private String table(List<Map<String, Object>> points, String metric) {
        List<String> header = new ArrayList<>();
        List<TextTable.Align> align = new ArrayList<>();
        spec.grid().forEach(a -> {
            header.add(a.key());
            align.add(TextTable.Align.LEFT);
        });
        for (String h : List.of("seeds done", "diverged", "mean final " + metric, "min", "max")) {
            header.add(h);
            align.add(TextTable.Align.RIGHT);
        }
        TextTable t = new TextTable(header, align);
        for (Map<String, Object> p : points) {
            List<String> row = new ArrayList<>();
            Map<String, String> settings = (Map<String, String>) p.get("settings");
            spec.grid().forEach(a -> row.add(settings.get(a.key())));
            row.add(p.get("finished") + "/" + p.get("seeds"));
            row.add(String.valueOf(p.get("diverged")));
            for (String k : List.of("mean", "min", "max")) {
                double v = (double) p.get(k);
                row.add(Double.isFinite(v) ? String.format("%.4f", v) : "-");
            }
            t.addRow(row);
        }
        return t.toTerminal();
    }
}
