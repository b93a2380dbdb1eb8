package dev.effitrain.trainers.progressive;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.estimate.PlannedModel;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import dev.effitrain.core.train.TrainPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Progressive training: a run in stages, each with its own model size, entered through growth
 * (or coalescing) operators; see {@link StageConfig} for the recipe section.
 */
public final class ProgressiveTrainer implements TrainerModule {

    @Override
    public String name() {
        return "progressive";
    }

    @Override
    public String description() {
        return "progressive training: train small, grow (stack, FPI/AKI, MSG, V-cycle) into the target model";
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of(StagePlan.SECTION, ProgressiveConfig.class);
    }

    @Override
    public String defaultsYaml() {
        return "progressive:\n  stages: []\n";
    }

    @Override
    public void validate(Recipe recipe, ValidationErrors errors) {
        StagePlan.resolve(recipe, StagePlan.beforeData(recipe), errors);
        if (recipe.model() != null && recipe.model().qkNorm()) {
            errors.at("model.qk_norm", "the growth operators do not grow attn.q_norm / attn.k_norm yet; "
                    + "set it to false for the progressive trainer");
        }
        if (recipe.train() != null && recipe.train().zLoss() != 0) {
            errors.at("train.z_loss", "the progressive trainer does not add the z-loss yet; set it to 0");
        }
    }

    @Override
    public void run(Recipe recipe, RunContext context) {
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             GrowingWorkload workload = open(recipe, manager)) {
            List<Stage> stages = stages(recipe, workload);
            int current = resumedStage(context, stages.size());
            Stage stage = stages.get(current);
            workload.install(workload.newModel(stage.model()));
            TrainLoop loop = new TrainLoop(forStage(recipe, stage), context, workload, manager);
            StageTransition transition = new StageTransition(workload, new Anchors(context.runDir()), recipe.seed());
            loop.withHook(new StageHook(recipe, stages, current, workload, loop.plan(), transition)).run();
        }
    }

    /** Each stage's model, in order, built as the run builds it (the run holds one at a time). */
    @Override
    public void plannedModels(Recipe recipe, NDManager manager, Consumer<PlannedModel> sink) {
        try (GrowingWorkload workload = open(recipe, manager)) {
            List<Stage> stages = stages(recipe, workload);
            for (Stage stage : stages) {
                try (StageModel model = workload.newModel(stage.model())) {
                    String label = "stage " + (stage.index() + 1) + " of " + stages.size() + " (layers "
                            + stage.model().layers() + ", d_model " + stage.model().dModel() + ")";
                    sink.accept(new PlannedModel(label, model.params(), true, stage.optimizer(), model.activations(),
                            model.trainingFlopsPerSample(), workload.tokensPerSample(), stage.length()));
                }
            }
        }
    }

    /** The recipe's stages resolved to steps for this workload's data. */
    private static List<Stage> stages(Recipe recipe, GrowingWorkload workload) {
        TrainPlan plan = TrainPlan.resolve(recipe.train(), workload.trainSamples(), workload.tokensPerSample());
        ValidationErrors errors = new ValidationErrors();
        List<Stage> stages = StagePlan.resolve(recipe, StagePlan.of(plan.stepContext()), errors);
        errors.throwIfAny();
        return stages;
    }

    private static GrowingWorkload open(Recipe recipe, NDManager manager) {
        return "vit".equals(recipe.model().arch()) ? VitWorkload.open(recipe, manager) : GptWorkload.open(recipe, manager);
    }

    /** The stage the checkpoint to resume from was in (0 for a fresh run). */
    private static int resumedStage(RunContext context, int stages) {
        Optional<Path> ckpt = CheckpointReader.resolveResume(context.resume(), context.runDir());
        if (ckpt.isEmpty()) {
            return 0;
        }
        JsonObject state = CheckpointReader.describe(ckpt.get()).state();
        JsonElement p = state.get(StageHook.STATE_KEY);
        Path file = ckpt.get().resolve("state.json");
        if (p == null || !p.isJsonObject() || !p.getAsJsonObject().has("stage")) {
            throw EffitrainException.badInput(file + ": no progressive stage recorded; this checkpoint was not written by "
                    + "the progressive trainer (use init_from: to start from its weights)");
        }
        int stage = p.getAsJsonObject().get("stage").getAsInt();
        if (stage < 0 || stage >= stages) {
            throw EffitrainException.badInput(file + ": the checkpoint is in stage " + stage + ", but the recipe has "
                    + stages + " stages");
        }
        return stage;
    }

    /** The recipe as the loop should start it: the stage's model and optimizer. */
    private static Recipe forStage(Recipe r, Stage s) {
        return new Recipe(r.name(), r.trainer(), r.seed(), r.device(), r.output(), r.initFrom(), s.model(), r.data(),
                s.optimizer(), r.schedule(), r.train(), r.sections(), r.resolvedYaml(), r.baseDir());
    }
}
