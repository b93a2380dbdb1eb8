package dev.effitrain.core.metrics;

import dev.effitrain.core.metrics.tensorboard.TensorBoardSink;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's metric events: stamps each with its wall-clock time ({@value #TIME}: seconds since the
 * epoch, millisecond precision) and hands it to metrics.jsonl and, unless turned off, TensorBoard.
 */
public final class RunMetrics implements AutoCloseable {
    /** The key of every event's wall-clock timestamp. */
    public static final String TIME = "time";
    public static final String JSONL = "metrics.jsonl";

    private final List<MetricsSink> sinks;

    private RunMetrics(List<MetricsSink> sinks) {
        this.sinks = sinks;
    }

    /**
     * Opens the run's metrics in {@code runDir}. Call it after a resume has truncated metrics.jsonl:
     * the TensorBoard events are rebuilt from what it holds.
     */
    public static RunMetrics open(Path runDir, boolean tensorboard) {
        List<MetricsSink> sinks = new ArrayList<>();
        sinks.add(new MetricsLog(runDir.resolve(JSONL)));
        if (tensorboard) {
            try {
                sinks.add(TensorBoardSink.open(runDir, runDir.resolve(JSONL)));
            } catch (RuntimeException e) {
                sinks.get(0).close();
                throw e;
            }
        }
        return new RunMetrics(sinks);
    }

    /** Writes {@code event} with the current time to every sink. */
    public void write(Map<String, Object> event) {
        Map<String, Object> stamped = stamp(event, System.currentTimeMillis());
        for (MetricsSink sink : sinks) {
            sink.write(stamped);
        }
    }

    /** {@code event} with {@value #TIME} inserted after {@code step} (else after {@code event}, else first). */
    static Map<String, Object> stamp(Map<String, Object> event, long epochMillis) {
        BigDecimal seconds = BigDecimal.valueOf(epochMillis, 3);   // 1764859475.123, not 1.764859475123E9
        String after = event.containsKey("step") ? "step" : event.containsKey("event") ? "event" : null;
        Map<String, Object> out = new LinkedHashMap<>();
        if (after == null) {
            out.put(TIME, seconds);
        }
        event.forEach((k, v) -> {
            if (!k.equals(TIME)) {
                out.put(k, v);
            }
            if (k.equals(after)) {
                out.put(TIME, seconds);
            }
        });
        return out;
    }

    @Override
    public void close() {
        for (MetricsSink sink : sinks) {
            sink.close();
        }
    }
}
