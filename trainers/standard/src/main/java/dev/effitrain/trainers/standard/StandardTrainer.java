package dev.effitrain.trainers.standard;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import dev.effitrain.core.train.Workload;

/** The baseline trainer: GPT language-model pretraining (and, for {@code arch: vit}, classification). */
public final class StandardTrainer implements TrainerModule {

    @Override
    public String name() {
        return "standard";
    }

    @Override
    public String description() {
        return "supervised training: GPT language-model pretraining, ViT image classification";
    }

    @Override
    public void validate(Recipe recipe, ValidationErrors errors) {
        // per-key checks live in the recipe loader; nothing trainer-specific yet
    }

    @Override
    public void run(Recipe recipe, RunContext context) {
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             Workload workload = open(recipe, manager)) {
            new TrainLoop(recipe, context, workload, manager).run();
        }
    }

    private static Workload open(Recipe recipe, NDManager manager) {
        return LmWorkload.open(recipe, manager);
    }
}
