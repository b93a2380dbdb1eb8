package dev.effitrain.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A fully resolved, validated recipe. Built by {@link RecipeLoader}; trainers never see raw maps.
 *
 * @param sections    trainer-specific sections (e.g. {@code progressive}), bound to the record types
 *                    that the trainer module declares
 * @param resolvedYaml the resolved recipe as YAML: running it reproduces this run
 * @param baseDir     directory relative paths in the recipe are resolved against
 */
public record Recipe(
        String name,
        String trainer,
        long seed,
        String device,         // auto | cpu | gpu | gpu:N
        String output,         // run directory (with ${name} substituted)
        String initFrom,       // checkpoint to start from, or null
        ModelConfig model,
        DataConfig data,
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        TrainConfig train,
        Map<String, Record> sections,
        String resolvedYaml,
        Path baseDir
) {
    /** A trainer-specific section, or null when the recipe has none. */
    public <T extends Record> T section(String key, Class<T> type) {
        Record r = sections.get(key);
        return r == null ? null : type.cast(r);
    }

    /** This recipe with another optimizer and schedule; resolvedYaml stays the recipe as written. */
    public Recipe with(OptimizerConfig optimizer, ScheduleConfig schedule) {
        return new Recipe(name, trainer, seed, device, output, initFrom, model, data, optimizer, schedule, train, sections,
                resolvedYaml, baseDir);
    }

    /** Resolves a path from the recipe against the recipe's directory. */
    public Path resolvePath(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
    }
}
