package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.TrainBatches;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.train.Workload;
import java.util.Map;

/**
 * Fine-tuning with ATS in place: cross-entropy on the ATS ViT's logits. Each evaluation reports
 * ATS next to the same weights without it ({@link AtsComparison#metrics()}).
 */
final class AtsWorkload implements Workload {
    private final Recipe recipe;
    private final AtsConfig cfg;
    private final AtsModel model;
    private final int microBatch;
    private TrainBatches batches;
    private AtsComparison last;

    AtsWorkload(Recipe recipe, AtsConfig cfg, AtsModel model) {
        this.recipe = recipe;
        this.cfg = cfg;
        this.model = model;
        this.microBatch = recipe.train().microBatch();
        this.batches = open(LoaderPosition.start());
    }

    private TrainBatches open(LoaderPosition position) {
        return model.data().trainBatches(recipe.data(), microBatch, recipe.seed(), model.normalization(), position);
    }

    @Override
    public ParamStore params() {
        return model.params();
    }

    @Override
    public long trainSamples() {
        return model.data().train().size();
    }

    @Override
    public long tokensPerSample() {
        return model.ats().spec().numPatches() + 1L;
    }

    /** Of the full model: ATS saves an amount that changes with every image, so the plan's FLOPs stay an upper bound. */
    @Override
    public double trainingFlopsPerSample() {
        return model.ats().spec().trainingFlops();
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        ImageBatch b = batches.next();
        return new Batch(b.imagesArray(manager), b.labelsArray(manager), b.size());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        AtsVit.Pass pass = model.ats().forward(batch.inputs(), training, true);
        return new StepResult(Losses.crossEntropy(pass.logits(), batch.labels()));
    }

    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        last = AtsComparison.run(model, cfg, maxBatches, manager);
        return last.metrics();
    }

    @Override
    public JsonObject dataState() {
        return batches.position().toJsonObject();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        batches.close();
        batches = open(LoaderPosition.fromJson(state));
    }

    @Override
    public Map<String, Object> summaryExtras() {
        return last == null ? Map.of() : Map.of("ats", last.report());
    }

    @Override
    public String describe() {
        VitSpec s = model.ats().spec();
        return "fine-tuning with ATS: " + model.describe() + "; " + String.format("%,d training images (%d tokens each)",
                model.data().train().size(), s.numPatches() + 1);
    }

    @Override
    public void close() {
        batches.close();
    }
}
