package dev.effitrain.core.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.effitrain.core.json.StrictJson;
import java.nio.file.Path;
import java.util.List;

/** The comparison as one JSON object for scripts (`effitrain compare --json`); unknown numbers are null. */
public final class ComparisonJson {

    private ComparisonJson() {
    }

    public static String render(Comparison c, PlotResult plots) {
        JsonObject o = new JsonObject();
        o.addProperty("metric", c.metric());
        o.addProperty("higher_is_better", c.higherIsBetter());
        o.add("target", number(c.target()));
        o.addProperty("target_source", c.targetSource());
        o.add("table_metrics", strings(c.tableMetrics()));
        o.add("all_metrics", strings(c.allMetrics()));
        JsonArray runs = new JsonArray();
        c.rows().forEach(row -> runs.add(row(row)));
        o.add("runs", runs);
        o.add("notes", strings(c.notes()));
        o.add("plots", strings(plots.written().stream().map(Path::toString).toList()));
        o.add("plots_skipped", strings(plots.skipped()));
        return StrictJson.pretty(o);
    }

    private static JsonObject row(Comparison.Row row) {
        Run run = row.run();
        JsonObject o = new JsonObject();
        o.addProperty("label", run.label());
        o.addProperty("dir", run.dir().toString());
        o.addProperty("status", run.status());
        o.addProperty("finished", run.finished());
        o.add("steps", run.steps().isPresent() ? new JsonPrimitive(run.steps().getAsLong()) : JsonNull.INSTANCE);
        o.add("total_steps", run.totalSteps().isPresent()
                ? new JsonPrimitive(run.totalSteps().getAsLong()) : JsonNull.INSTANCE);
        o.add("params", run.params().isPresent() ? new JsonPrimitive(run.params().getAsLong()) : JsonNull.INSTANCE);
        JsonObject finals = new JsonObject();
        row.finals().forEach((k, v) -> finals.add(k, number(v)));
        o.add("final", finals);
        o.add("wall_s", number(run.wallS()));
        o.add("flops", number(run.flops()));
        o.add("peak_rss_mb", number(run.peakRssMb()));
        o.add("optimizer_state_bytes", number(run.optimizerStateBytes()));
        o.add("to_target", toTarget(row));
        o.add("notes", strings(run.notes()));
        return o;
    }

    /** null when the run has no curve of the metric; {"reached": false} when it never got there. */
    private static JsonElement toTarget(Comparison.Row row) {
        if (!row.hasCurve()) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.addProperty("reached", row.hit().isPresent());
        row.hit().ifPresent(h -> {
            o.add("step", number(h.step()));
            o.add("wall_s", number(h.wallS()));
            o.add("flops", number(h.flops()));
            o.add("tokens", number(h.tokens()));
        });
        return o;
    }

    private static JsonElement number(Double v) {
        return v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
    }

    private static JsonArray strings(List<String> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }
}
