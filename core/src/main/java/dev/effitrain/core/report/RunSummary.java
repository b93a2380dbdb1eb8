package dev.effitrain.core.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * summary.json, written when a run ends. Every field is optional here: an absent or mistyped field
 * reads as empty (or null for strings) so that summaries from older or newer versions still compare.
 */
public record RunSummary(
        String name,
        String trainer,
        String status,
        OptionalLong exitCode,
        OptionalLong steps,
        OptionalLong totalSteps,
        OptionalDouble finalTrainLoss,
        Map<String, Double> eval,
        OptionalDouble wallS,
        OptionalDouble samples,
        OptionalDouble tokens,
        OptionalDouble flops,
        OptionalLong params,
        String optimizer,
        OptionalDouble optimizerStateBytes,
        OptionalDouble peakRssMb,
        OptionalDouble tokensPerS,
        String lastCheckpoint) {

    public static RunSummary from(JsonObject o) {
        return new RunSummary(
                Json.string(o, "name"),
                Json.string(o, "trainer"),
                Json.string(o, "status"),
                Json.integer(o, "exit_code"),
                Json.integer(o, "steps"),
                Json.integer(o, "total_steps"),
                Json.number(o, "final_train_loss"),
                evalMap(o.get("eval")),
                Json.number(o, "wall_s"),
                Json.number(o, "samples"),
                Json.number(o, "tokens"),
                Json.number(o, "flops"),
                Json.integer(o, "params"),
                Json.string(o, "optimizer"),
                Json.number(o, "optimizer_state_bytes"),
                Json.number(o, "peak_rss_mb"),
                Json.number(o, "tokens_per_s"),
                Json.string(o, "last_checkpoint"));
    }

    private static Map<String, Double> evalMap(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : e.getAsJsonObject().entrySet()) {
            if (field.getValue().isJsonPrimitive()) {
                Json.number(field.getValue().getAsJsonPrimitive()).ifPresent(v -> out.put(field.getKey(), v));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A final quality metric by its compare name: {@code train_loss} or an eval key. */
    public OptionalDouble metric(String name) {
        if (name.equals(MetricInfo.TRAIN_LOSS)) {
            return finalTrainLoss;
        }
        Double v = eval.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
