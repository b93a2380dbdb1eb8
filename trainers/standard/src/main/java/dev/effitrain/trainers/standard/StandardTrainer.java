package dev.effitrain.trainers.standard;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.estimate.PlannedModel;
import dev.effitrain.core.model.ForwardProbe;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.ProbeHook;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import dev.effitrain.core.train.TrainPlan;
import dev.effitrain.core.train.Weights;
import dev.effitrain.core.train.Workload;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

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
        ForwardProbe probe = new ForwardProbe();
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             Workload workload = open(recipe, manager, context.runDir(), probe)) {
            new TrainLoop(recipe, context, workload, manager).withHook(new ProbeHook(probe)).run();
        }
    }

    /** {@code effitrain eval}: the checkpoint's weights on the recipe's evaluation split. */
    @Override
    public Map<String, Object> evaluate(Recipe recipe, Path checkpoint) {
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             Workload workload = open(recipe, manager, null, ForwardProbe.OFF)) {
            Weights.load(checkpoint, workload.params(), true);
            Map<String, Object> out = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            try (NDScope scope = new NDScope()) {
                out.putAll(workload.evaluate(manager, 0));
            }
            out.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
            out.putAll(workload.summaryExtras());
            return out;
        }
    }

    @Override
    public void plannedModels(Recipe recipe, NDManager manager, Consumer<PlannedModel> sink) {
        try (Workload workload = open(recipe, manager, null, ForwardProbe.OFF)) {
            ActivationShape activations = workload instanceof LmWorkload lm ? lm.activations()
                    : ((ClassificationWorkload) workload).activations();
            TrainPlan plan = TrainPlan.resolve(recipe.train(), workload.trainSamples(), workload.tokensPerSample());
            sink.accept(new PlannedModel("model", workload.params(), true, recipe.optimizer(), activations,
                    workload.trainingFlopsPerSample(), workload.tokensPerSample(), plan.totalSteps()));
        }
    }

    private static Workload open(Recipe recipe, NDManager manager, Path runDir, ForwardProbe probe) {
        return "vit".equals(recipe.model().arch())
                ? ClassificationWorkload.open(recipe, manager, runDir, probe)
                : LmWorkload.open(recipe, manager, probe);
    }
}
