package dev.effitrain.trainers.standard;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.data.image.TrainBatches;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.model.ForwardProbe;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.train.Workload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Image classification: a ViT on an image data set, cross-entropy, top-1 and a confusion matrix. */
final class ClassificationWorkload implements Workload {
    private final Recipe recipe;
    private final ImageData data;
    private final Normalization norm;
    private final ParamStore params;
    private final Vit vit;
    private final int microBatch;
    private final Path runDir;
    private TrainBatches batches;
    private ConfusionMatrix lastConfusion;

    private ClassificationWorkload(Recipe recipe, ImageData data, ParamStore params, Vit vit, Path runDir) {
        this.recipe = recipe;
        this.data = data;
        this.norm = data.normalization(recipe.data().normalize());
        this.params = params;
        this.vit = vit;
        this.microBatch = recipe.train().microBatch();
        this.runDir = runDir;
        this.batches = data.trainBatches(recipe.data(), microBatch, recipe.seed(), norm, LoaderPosition.start());
    }

    /** @param runDir where the confusion matrix goes, or null (standalone evaluation) */
    static ClassificationWorkload open(Recipe recipe, NDManager manager, Path runDir, ForwardProbe probe) {
        ImageData data = ImageData.open(recipe.data(), recipe.model().imageSize(), recipe.seed(), recipe.baseDir());
        int channels = recipe.model().channels() > 0 ? recipe.model().channels() : data.channels();
        int classes = recipe.model().numClasses() > 0 ? recipe.model().numClasses() : data.numClasses();
        ParamStore params = new ParamStore(manager);
        Vit vit = new Vit(params, VitSpec.of(recipe.model(), channels, classes));
        vit.observe(probe);
        return new ClassificationWorkload(recipe, data, params, vit, runDir);
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public long trainSamples() {
        return data.train().size();
    }

    @Override
    public long tokensPerSample() {
        return vit.spec().numPatches() + 1L;
    }

    @Override
    public double trainingFlopsPerSample() {
        return vit.spec().trainingFlops();
    }

    /** What a training sample holds for the backward pass (for estimate). */
    ActivationShape activations() {
        return ActivationShape.vit(vit.spec());
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        ImageBatch b = batches.next();
        return new Batch(b.imagesArray(manager), b.labelsArray(manager), b.size());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(Losses.crossEntropy(vit.logits(batch.inputs(), training), batch.labels()));
    }

    /** Loss, top-1 and per-class accuracy over the evaluation split (test split where the source has one). */
    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        ConfusionMatrix cm = new ConfusionMatrix(data.classNames(), vit.spec().numClasses());
        double lossSum = 0;
        try (EvalBatches eval = data.evalBatches(recipe.data(), microBatch, norm, maxBatches)) {
            while (eval.hasNext()) {
                try (NDScope scope = new NDScope()) {
                    ImageBatch b = eval.next();
                    NDArray labels = b.labelsArray(manager);
                    NDArray logits = vit.logits(b.imagesArray(manager), false);
                    lossSum += Losses.crossEntropy(logits, labels).getFloat() * b.size();
                    cm.add(b.labels(), logits.argMax(1).toType(DataType.INT32, false).toIntArray());
                }
            }
        }
        lastConfusion = cm;
        if (runDir != null) {
            cm.write(runDir.resolve("confusion.csv"));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("val_loss", lossSum / Math.max(1, cm.total()));
        out.put("val_acc", cm.accuracy());
        return out;
    }

    @Override
    public Map<String, Object> summaryExtras() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (lastConfusion != null) {
            m.put("eval_split", data.evalSplit());
            m.put("per_class_accuracy", lastConfusion.perClassAccuracy());
            m.put("confusion_matrix", lastConfusion.counts());
            m.put("classes", data.classNames());
        }
        return m;
    }

    @Override
    public JsonObject dataState() {
        JsonObject o = batches.position().toJsonObject();
        return o;
    }

    @Override
    public void restoreDataState(JsonObject state) {
        batches.close();
        batches = data.trainBatches(recipe.data(), microBatch, recipe.seed(), norm, LoaderPosition.fromJson(state));
    }

    @Override
    public String describe() {
        VitSpec s = vit.spec();
        return String.format("ViT %d layers, d_model %d, %d heads, %dx%d images, patch %d (%d tokens), %d classes: %,d parameters; %,d training images, eval on %s (%,d)",
                s.layers(), s.dModel(), s.heads(), s.imageSize(), s.imageSize(), s.patchSize(), s.numPatches() + 1,
                s.numClasses(), params.numel(), data.train().size(), data.evalSplit(), data.eval() == null ? 0 : data.eval().size());
    }

    @Override
    public void close() {
        batches.close();
        params.close();
    }
}
