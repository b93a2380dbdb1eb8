package dev.effitrain.trainers.ats;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.estimate.PlannedModel;
import dev.effitrain.core.metrics.RunEnvironment;
import dev.effitrain.core.metrics.SystemStats;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainLoop;
import dev.effitrain.core.train.TrainPlan;
import dev.effitrain.core.config.ModelFromCheckpoint;
import dev.effitrain.core.train.Weights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adaptive token sampling (Fayyaz et al., ECCV 2022) on our ViTs: {@code ats.mode: eval} plugs it
 * into a trained checkpoint without training, {@code finetune} trains with it in place. Both end
 * with a report of ATS next to the plain model and a picture of the kept patches.
 */
public final class AtsTrainer implements TrainerModule {
    static final String SECTION = "ats";

    @Override
    public String name() {
        return "ats";
    }

    @Override
    public String description() {
        return "adaptive token sampling: a parameter-free token sampler in a trained ViT, training-free or fine-tuned";
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of(SECTION, AtsConfig.class);
    }

    @Override
    public String defaultsYaml() {
        return """
                model:
                  arch: vit
                train:
                  duration: 1ep            # used by ats.mode finetune only
                ats:
                  mode: eval               # eval (init_from, no training) | finetune
                  blocks: []               # 0-based blocks that sample tokens, e.g. [2, 3, 4, 5]
                  from_block: null         # or: every block from this one (0-based) to the last
                  k: [1.0]                 # per block, or one for all: a count of tokens (CLS included) or a ratio <= 1
                  drop_tokens: true        # compact each batch to its largest kept count
                  at_eval: true            # false: evaluate the plain model
                  compare_baseline: true   # evaluate the same weights without ATS as well
                  picture_images: 8        # images in plots/ats-kept-patches.png; 0 = none
                """;
    }

    @Override
    public void validate(Recipe recipe, ValidationErrors errors) {
        AtsValidation.check(recipe, errors);
    }

    @Override
    public void run(Recipe recipe, RunContext context) {
        String startedAt = RunEnvironment.now();
        AtsConfig cfg = recipe.section(SECTION, AtsConfig.class);
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             AtsModel model = AtsModel.open(recipe, cfg, manager)) {
            Map<String, Object> summary;
            if (cfg.finetune()) {
                try (AtsWorkload workload = new AtsWorkload(recipe, cfg, model)) {
                    summary = new LinkedHashMap<>(new TrainLoop(recipe, context, workload, manager).run());
                }
            } else {
                ModelFromCheckpoint.requireAgreement(recipe.model(), recipe.resolvePath(recipe.initFrom()));
                Weights.load(recipe.resolvePath(recipe.initFrom()), model.params(), true);
                summary = evaluationSummary(recipe, startedAt);
            }
            AtsRunReport.finish(recipe, cfg, model, context, summary, manager);
        }
    }

    /**
     * The ViT with its samplers: fine-tuned (activations as the full model's, an upper bound, since
     * ATS keeps a different number of tokens for every image), or, in eval mode, only evaluated.
     */
    @Override
    public void plannedModels(Recipe recipe, NDManager manager, Consumer<PlannedModel> sink) {
        AtsConfig cfg = recipe.section(SECTION, AtsConfig.class);
        try (AtsModel model = AtsModel.open(recipe, cfg, manager)) {
            VitSpec spec = model.ats().spec();
            long steps = 0;
            if (cfg.finetune()) {
                TrainPlan plan = TrainPlan.resolve(recipe.train(), model.data().train().size(), spec.numPatches() + 1L);
                steps = plan.totalSteps();
            }
            sink.accept(new PlannedModel(cfg.finetune() ? "ViT with ATS, fine-tuned" : "ViT with ATS, evaluated only",
                    model.params(), cfg.finetune(), recipe.optimizer(), ActivationShape.vit(spec), spec.trainingFlops(),
                    spec.numPatches() + 1L, steps));
        }
    }

    /** What summary.json holds for a run that trained nothing. */
    private static Map<String, Object> evaluationSummary(Recipe recipe, String startedAt) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", recipe.name());
        s.put("trainer", recipe.trainer());
        s.put("status", "completed");
        s.put("exit_code", 0);
        s.put("steps", 0);
        s.put("total_steps", 0);
        s.put("final_train_loss", null);   // nothing was trained: no loss (not a non-finite one)
        s.put("init_from", recipe.resolvePath(recipe.initFrom()).toString());
        s.put("peak_rss_mb", SystemStats.peakRssBytes() / 1e6);
        s.put("started_at", startedAt);
        s.put("ended_at", RunEnvironment.now());
        s.put("environment", RunEnvironment.collect(recipe.baseDir()));
        return s;
    }

    /** {@code effitrain eval}: the checkpoint with ATS next to the same weights without it. */
    @Override
    public Map<String, Object> evaluate(Recipe recipe, Path checkpoint) {
        AtsConfig cfg = recipe.section(SECTION, AtsConfig.class);
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(Devices.resolve(recipe.device()));
             AtsModel model = AtsModel.open(recipe, cfg, manager)) {
            Weights.load(checkpoint, model.params(), true);
            long t0 = System.nanoTime();
            AtsComparison c;
            try (NDScope scope = new NDScope()) {
                c = AtsComparison.run(model, cfg, 0, manager);
            }
            Map<String, Object> out = new LinkedHashMap<>(c.metrics());
            out.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
            return out;
        }
    }
}
