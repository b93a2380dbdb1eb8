package dev.effitrain.examples.hello;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import java.util.Set;

/**
 * A trainer from outside effitrain's build: a small MLP ({@code model.arch: hello-mlp}) learns to
 * tell two interleaved spirals apart ({@code data.source: two-spirals}). It brings its own model and
 * data and leaves the rest (optimizer, schedule, checkpoints, metrics, resume) to the shared loop.
 */
public final class HelloTrainer implements TrainerModule {

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "example plugin: an MLP that separates two spirals";
    }

    @Override
    public Set<String> architectures() {
        return Set.of(SpiralsWorkload.ARCH);
    }

    @Override
    public Set<String> dataSources() {
        return Set.of(SpiralsWorkload.SOURCE);
    }

    @Override
    public void validate(Recipe recipe, ValidationErrors errors) {
        if (!SpiralsWorkload.ARCH.equals(recipe.model().arch())) {
            errors.at("model.arch", "trainer hello builds only " + SpiralsWorkload.ARCH + ", not " + recipe.model().arch());
        }
        if (!SpiralsWorkload.SOURCE.equals(recipe.data().source())) {
            errors.at("data.source", "trainer hello reads only " + SpiralsWorkload.SOURCE + ", not " + recipe.data().source());
        }
        if (recipe.data().valFraction() <= 0 || recipe.data().syntheticSize() * recipe.data().valFraction() < 1) {
            errors.at("data.val_fraction", "must leave at least one of the data.synthetic_size points for evaluation");
        }
    }

    @Override
    public void run(Recipe recipe, RunContext context) {
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             SpiralsWorkload workload = new SpiralsWorkload(recipe, manager)) {
            new TrainLoop(recipe, context, workload, manager).run();
        }
    }
}
