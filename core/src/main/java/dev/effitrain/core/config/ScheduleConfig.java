package dev.effitrain.core.config;

/** {@code schedule:} section (learning-rate schedule). */
public record ScheduleConfig(
        String name,           // constant | linear | cosine | wsd
        Duration warmup,
        double minLr,
        Duration decay         // wsd: length of the final decay phase
) {
}
