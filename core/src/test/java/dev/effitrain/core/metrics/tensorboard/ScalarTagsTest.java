package dev.effitrain.core.metrics.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalarTagsTest {

    @Test
    void trainingLinesGroupLossThroughputAndMemoryAndSkipCounters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "train");
        m.put("step", 10L);
        m.put("time", 1764859475.123);
        m.put("epoch", 0L);
        m.put("stage", 1);
        m.put("loss", 2.5);
        m.put("lr", 1e-3);
        m.put("grad_norm", 0.7);
        m.put("samples_per_s", 40.0);
        m.put("tokens_per_s", 2560.0);
        m.put("step_ms", 100.0);
        m.put("samples", 40L);
        m.put("tokens", 2560L);
        m.put("flops", 1e9);
        m.put("mfu", 0.05);
        m.put("rss_mb", 900.0);
        m.put("peak_rss_mb", 950.0);
        m.put("optimizer_state_bytes", 1024L);
        m.put("wall_s", 1.0);
        Map<String, Double> tags = ScalarTags.of(m);
        assertEquals(List.of("train/stage", "train/loss", "train/lr", "train/grad_norm", "throughput/samples_per_s",
                "throughput/tokens_per_s", "throughput/step_ms", "throughput/mfu", "memory/rss_mb", "memory/peak_rss_mb",
                "memory/optimizer_state_bytes"), List.copyOf(tags.keySet()));
        assertEquals(2.5, tags.get("train/loss"));
    }

    @Test
    void evaluationLinesGoUnderValWithoutTheirPrefix() {
        Map<String, Double> tags = ScalarTags.of(Map.of("event", "eval", "step", 6, "val_loss", 1.5, "val_acc", 0.9));
        assertEquals(Map.of("val/loss", 1.5, "val/acc", 0.9), tags);
    }

    @Test
    void otherEventsAndNonNumbersAreNotPlotted() {
        assertTrue(ScalarTags.of(Map.of("event", "start", "step", 0, "total_steps", 100)).isEmpty());
        assertTrue(ScalarTags.of(Map.of("event", "rollback", "step", 5, "lr_scale", 0.5)).isEmpty());
        assertEquals(Map.of("val/loss", 1.0), ScalarTags.of(Map.of("event", "eval", "step", 1, "val_loss", 1.0, "note", "x")));
    }
}
