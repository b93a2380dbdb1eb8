package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.DataConfig;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.data.image.TrainBatches;
import dev.effitrain.core.model.Losses;
import java.util.LinkedHashMap;
import java.util.Map;

/** ViT image classification (cross-entropy on the class logits) whose model changes size between stages. */
final class VitWorkload implements GrowingWorkload {
    private final ImageData data;
    private final DataConfig cfg;
    private final Normalization norm;
    private final NDManager manager;
    private final int microBatch;
    private final long seed;
    private final int classes;
    private final long patches;
    private TrainBatches batches;
    private VitStageModel model;

    private VitWorkload(Recipe recipe, ImageData data, NDManager manager) {
        this.data = data;
        this.cfg = recipe.data();
        this.norm = data.normalization(cfg.normalize());
        this.manager = manager;
        this.microBatch = recipe.train().microBatch();
        this.seed = recipe.seed();
        this.classes = recipe.model().numClasses() > 0 ? recipe.model().numClasses() : data.numClasses();
        int grid = recipe.model().imageSize() / recipe.model().patchSize();
        this.patches = (long) grid * grid;
        this.batches = data.trainBatches(cfg, microBatch, seed, norm, LoaderPosition.start());
    }

    static VitWorkload open(Recipe recipe, NDManager manager) {
        ModelConfig m = recipe.model();
        return new VitWorkload(recipe, ImageData.open(recipe.data(), m.imageSize(), m.channels(), recipe.seed(),
                recipe.baseDir()), manager);
    }

    @Override
    public StageModel newModel(ModelConfig c) {
        return new VitStageModel(manager, c, data.channels(), classes);
    }

    @Override
    public StageModel model() {
        return model;
    }

    @Override
    public void install(StageModel next) {
        VitStageModel old = model;
        model = (VitStageModel) next;
        if (old != null && old != next) {
            old.close();
        }
    }

    @Override
    public long trainSamples() {
        return data.train().size();
    }

    @Override
    public long tokensPerSample() {
        return patches;
    }

    @Override
    public Batch nextTrainBatch(NDManager m, int n) {
        ImageBatch b = batches.next();
        return new Batch(b.imagesArray(m), b.labelsArray(m), b.size());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        NDArray logits = model.logits(batch.inputs(), training);
        NDArray correct = logits.argMax(1).toType(DataType.INT32, false).eq(batch.labels()).sum();
        return new StepResult(Losses.crossEntropy(logits, batch.labels()), Map.of("correct", correct));
    }

    /** Mean cross-entropy and top-1 accuracy on the evaluation split. */
    @Override
    public Map<String, Double> evaluate(NDManager m, int maxBatches) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (data.eval() == null) {
            return out;
        }
        double lossSum = 0;
        long right = 0;
        long seen = 0;
        try (EvalBatches eval = data.evalBatches(cfg, microBatch, norm, maxBatches)) {
            while (eval.hasNext()) {
                ImageBatch b = eval.next();
                try (NDScope scope = new NDScope()) {
                    StepResult r = forward(new Batch(b.imagesArray(m), b.labelsArray(m), b.size()), false);
                    lossSum += r.loss().getFloat() * b.size();
                    right += r.extra().get("correct").getLong();
                    seen += b.size();
                }
            }
        }
        out.put("val_loss", lossSum / Math.max(1, seen));
        out.put("val_acc", (double) right / Math.max(1, seen));
        return out;
    }

    @Override
    public JsonObject dataState() {
        return batches.position().toJsonObject();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        batches.close();
        batches = data.trainBatches(cfg, microBatch, seed, norm, LoaderPosition.fromJson(state));
    }

    @Override
    public String describe() {
        return String.format("progressive ViT, now %d layers, d_model %d, %d heads, %dx%d images in %d patches, %d classes: "
                        + "%,d parameters; %,d training images", model.spec().layers(), model.spec().dModel(),
                model.spec().heads(), model.spec().imageSize(), model.spec().imageSize(), patches, classes,
                model.params().numel(), data.train().size());
    }

    @Override
    public void close() {
        batches.close();
        if (model != null) {
            model.close();
        }
    }
}
