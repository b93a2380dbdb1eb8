package dev.effitrain.core.spi;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.train.RunContext;
import java.util.Map;
import java.util.Set;

/**
 * A recipe family. Implementations register in
 * {@code META-INF/services/dev.effitrain.core.spi.TrainerModule} and are found with
 * {@link java.util.ServiceLoader}, so a jar on the classpath can add a trainer.
 */
public interface TrainerModule {

    /** The value of {@code trainer:} in a recipe that selects this module. */
    String name();

    /** One line for {@code effitrain env} and error messages. */
    String description();

    /**
     * Recipe sections this trainer adds (key to record type), e.g. {@code progressive}. They are
     * bound and checked like the built-in sections: unknown keys, types, units.
     */
    default Map<String, Class<? extends Record>> sections() {
        return Map.of();
    }

    /**
     * Values this module adds to {@code model.arch} (a model it builds itself). Validation accepts
     * them, listed after the built-in ones, in recipes whose trainer is this module.
     */
    default Set<String> architectures() {
        return Set.of();
    }

    /** Values this module adds to {@code data.source} (data it reads itself); as {@link #architectures()}. */
    default Set<String> dataSources() {
        return Set.of();
    }

    /** Defaults for this trainer's sections, as YAML text (lowest precedence), or null. */
    default String defaultsYaml() {
        return null;
    }

    /**
     * Checks that need the whole recipe (combinations, sizes) beyond per-key checks. Report every
     * problem to {@code errors}; do not throw and do not allocate tensors.
     */
    default void validate(Recipe recipe, ValidationErrors errors) {
    }

    /**
     * Evaluates a saved model on the recipe's evaluation data ({@code effitrain eval}); returns
     * metric name → value (and any per-class detail). Trainers that cannot evaluate say so.
     */
    default Map<String, Object> evaluate(Recipe recipe, java.nio.file.Path checkpoint) throws Exception {
        throw dev.effitrain.core.EffitrainException.usage("trainer '" + name() + "' has no standalone evaluation");
    }

    /**
     * For {@code effitrain estimate}: builds, on {@code manager} (the CPU), each model a run of this
     * recipe would train, the way the run builds it (data opened, sizes resolved), and hands it to
     * {@code sink} with its optimizer, activation shape, FLOPs and steps; one per progressive stage,
     * in order; the model may be closed once the sink returns. Trains nothing and writes nothing.
     */
    default void plannedModels(Recipe recipe, ai.djl.ndarray.NDManager manager,
                               java.util.function.Consumer<dev.effitrain.core.estimate.PlannedModel> sink) throws Exception {
        throw dev.effitrain.core.EffitrainException.usage("trainer '" + name() + "' cannot estimate a run: it does not "
                + "describe its models (TrainerModule.plannedModels)");
    }

    /** Trains. Throws {@link dev.effitrain.core.EffitrainException} for user-facing failures. */
    void run(Recipe recipe, RunContext context) throws Exception;
}
