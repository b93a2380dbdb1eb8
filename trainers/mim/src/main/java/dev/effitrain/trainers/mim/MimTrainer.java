package dev.effitrain.trainers.mim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.estimate.PlannedModel;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import dev.effitrain.core.train.TrainPlan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Masked image modelling: MAE pretraining (optionally progressive over resolution and mask ratio)
 * and linear probing of a pretrained encoder. Fine-tuning is the standard trainer's ViT
 * classification started with {@code init_from} a MAE checkpoint.
 */
public final class MimTrainer implements TrainerModule {
    public static final String NAME = "mim";
    public static final String SECTION = "mae";

    private static final String DEFAULTS = """
            model:
              arch: vit
              pos_embed: sincos
            optimizer:
              name: adamw
              betas: [0.9, 0.95]
              weight_decay: 0.05
            schedule:
              name: cosine
              warmup: 0.05dur
              min_lr: 0.0
            mae:
              mode: pretrain
              mask_ratio: 0.75
              norm_pix_loss: true
              decoder_dim: 128
              decoder_depth: 2
              decoder_heads: 4
              base_lr: 1.5e-4
              recon_images: 8
              stages: []
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "masked image modelling: MAE pretraining (progressive resolution / mask ratio), linear probing";
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of(SECTION, MaeConfig.class);
    }

    @Override
    public String defaultsYaml() {
        return DEFAULTS;
    }

    @Override
    public void validate(Recipe recipe, ValidationErrors errors) {
        MimValidation.check(recipe, recipe.section(SECTION, MaeConfig.class), errors);
    }

    @Override
    public void run(Recipe recipe, RunContext context) {
        MaeConfig mae = recipe.section(SECTION, MaeConfig.class);
        Recipe effective = MaeRecipes.withLr(recipe, mae.learningRate(recipe.optimizer().lr(), recipe.train().batchSize()));
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()))) {
            if (mae.mode() == MaeConfig.Mode.LINPROBE) {
                probe(effective, context, manager);
            } else {
                pretrain(effective, mae, context, manager);
            }
        }
    }

    @Override
    public void plannedModels(Recipe recipe, NDManager manager, Consumer<PlannedModel> sink) {
        MaeConfig mae = recipe.section(SECTION, MaeConfig.class);
        Recipe effective = MaeRecipes.withLr(recipe, mae.learningRate(recipe.optimizer().lr(), recipe.train().batchSize()));
        if (mae.mode() == MaeConfig.Mode.LINPROBE) {
            try (LinearProbeWorkload w = LinearProbeWorkload.open(effective, manager)) {
                TrainPlan plan = TrainPlan.resolve(effective.train(), w.trainSamples(), w.tokensPerSample());
                w.plannedModels(effective, plan.totalSteps(), plan.stepsPerEpoch(), sink);
            }
            return;
        }
        try (MaeWorkload w = MaeWorkload.open(effective, mae, manager, null)) {
            TrainPlan plan = TrainPlan.resolve(effective.train(), w.trainSamples(), w.tokensPerSample());
            List<StagePlan.Stage> stages = StagePlan.resolve(mae, recipe.model().imageSize(), plan.stepContext()).stages();
            for (StagePlan.Stage s : stages) {
                w.beforeStep(s.start(), s);
                try (NDScope scope = new NDScope()) {
                    // the run keeps a resized copy of the data per stage: draw a batch so that it exists to be measured
                    w.nextTrainBatch(manager, effective.train().microBatch());
                }
                String label = stages.size() == 1 ? "MAE encoder and decoder"
                        : "MAE stage " + (s.index() + 1) + " of " + stages.size() + " (" + s.imageSize() + " px, mask ratio "
                        + s.maskRatio() + ")";
                sink.accept(new PlannedModel(label, w.params(), true, effective.optimizer(), w.activations(),
                        w.trainingFlopsPerSample(), w.tokensPerSample(), Math.min(s.end(), plan.totalSteps()) - s.start()));
            }
        }
    }

    private static void pretrain(Recipe recipe, MaeConfig mae, RunContext context, NDManager manager) {
        try (MaeWorkload w = MaeWorkload.open(recipe, mae, manager, context.runDir())) {
            new TrainLoop(recipe, context, w, manager)
                    .withHook(Hooks.all(new MaeScheduleHook(recipe),
                            new StageHook(w, mae, recipe.model().imageSize(), recipe.model().patchSize())))
                    .run();
        }
    }

    private static void probe(Recipe recipe, RunContext context, NDManager manager) {
        try (LinearProbeWorkload w = LinearProbeWorkload.open(recipe, manager)) {
            Recipe loopRecipe = MaeRecipes.withoutInitFrom(recipe);
            new TrainLoop(loopRecipe, context, w, manager)
                    .withHook(Hooks.all(new MaeScheduleHook(loopRecipe), new EncoderProvenanceHook(w.encoderFrom())))
                    .run();
        }
    }
}
