package dev.effitrain.core.metrics;

import java.util.Map;

/** Somewhere a run's metric events go (metrics.jsonl, TensorBoard event files). */
public interface MetricsSink extends AutoCloseable {

    /** One event: {@code event} (its kind), {@code step}, {@code time} and its fields. */
    void write(Map<String, Object> event);

    @Override
    void close();
}
