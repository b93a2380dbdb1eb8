package dev.effitrain.core.metrics.tensorboard;

import dev.effitrain.core.metrics.RunMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of a metrics event become TensorBoard scalars, and their tags. Training lines:
 * {@code train/loss}, {@code train/lr}, {@code train/grad_norm} (and trainer fields such as
 * {@code train/stage}), {@code throughput/tokens_per_s}, {@code throughput/mfu}, ...,
 * {@code memory/rss_mb}, ...; evaluation lines: {@code val/loss}, {@code val/acc}, ... (the
 * {@code val_} prefix dropped). Counters (step, samples, tokens, FLOPs, wall time) and other events
 * are not plotted.
 */
public final class ScalarTags {
    private static final Set<String> NOT_SCALARS = Set.of("event", "step", RunMetrics.TIME, "epoch", "samples", "tokens",
            "flops", "wall_s");
    private static final Set<String> THROUGHPUT = Set.of("tokens_per_s", "samples_per_s", "step_ms", "mfu");
    private static final Set<String> MEMORY = Set.of("rss_mb", "peak_rss_mb", "optimizer_state_bytes");

    private ScalarTags() {
    }

    /** Tag to value for the event's numeric fields, in their order; empty for events that are not plotted. */
    public static Map<String, Double> of(Map<String, ?> event) {
        Object kind = event.get("event");
        Map<String, Double> out = new LinkedHashMap<>();
        if (!"train".equals(kind) && !"eval".equals(kind)) {
            return out;
        }
        event.forEach((key, value) -> {
            if (value instanceof Number n && !NOT_SCALARS.contains(key)) {
                out.put("eval".equals(kind) ? evalTag(key) : trainTag(key), n.doubleValue());
            }
        });
        return out;
    }

    private static String trainTag(String key) {
        return (THROUGHPUT.contains(key) ? "throughput/" : MEMORY.contains(key) ? "memory/" : "train/") + key;
    }

    private static String evalTag(String key) {
        return "val/" + (key.startsWith("val_") ? key.substring("val_".length()) : key);
    }
}
