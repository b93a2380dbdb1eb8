package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.Augmentation;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.estimate.PlannedModel;
import dev.effitrain.core.model.Init;
import dev.effitrain.core.model.Linear;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.train.Workload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Linear probing (MAE's protocol, main_linprobe.py): a linear classifier trained on the labels over
 * the standardised pooled features of a frozen encoder (CLS or patch mean, {@code model.pool}).
 * Only the classifier ({@code head.weight}, {@code head.bias}) is a trained parameter.
 */
final class LinearProbeWorkload implements Workload {
    private final ImageData data;
    private final ImageStream stream;
    private final ParamStore encoderParams;
    private final ParamStore params;
    private final FrozenFeatures features;
    private final Linear head;
    private final VitSpec spec;
    private final String source;
    private final Path encoderFrom;
    private final int microBatch;
    private boolean lastBatchEncoded = true;

    private LinearProbeWorkload(ImageData data, ImageStream stream, ParamStore encoderParams, ParamStore params,
                                FrozenFeatures features, Linear head, VitSpec spec, String source, Path encoderFrom,
                                int microBatch) {
        this.data = data;
        this.stream = stream;
        this.encoderParams = encoderParams;
        this.params = params;
        this.features = features;
        this.head = head;
        this.spec = spec;
        this.source = source;
        this.encoderFrom = encoderFrom;
        this.microBatch = microBatch;
    }

    /** Builds the probe; the encoder comes from {@code init_from} when the recipe names one, else it stays random. */
    static LinearProbeWorkload open(Recipe recipe, NDManager manager) {
        ImageData data = MimData.open(recipe);
        ParamStore encoderParams = new ParamStore(manager);
        ParamStore params = new ParamStore(manager);
        try {
            VitSpec spec = VitSpec.of(recipe.model(), data.channels(), data.numClasses());
            MaeEncoder encoder = new MaeEncoder(encoderParams, spec);
            Path from = recipe.initFrom() == null ? null
                    : EncoderWeights.load(recipe.resolvePath(recipe.initFrom()), encoderParams, manager);
            // MAE: trunc_normal(std=0.01) weights, zero bias
            Linear head = new Linear(params, "head", spec.dModel(), data.numClasses(), true, Init.normal(params.manager(), 0.01));
            int batch = recipe.train().microBatch();
            Normalization norm = data.normalization(recipe.data().normalize());
            ImageStream stream = new ImageStream(data, recipe.data(), batch, recipe.seed(), norm, spec.imageSize());
            FrozenFeatures features = new FrozenFeatures(encoder, spec.dModel(), data.train(), data.eval(),
                    Augmentation.from(recipe.data()).enabled(), norm, batch, manager, encoderParams.manager());
            return new LinearProbeWorkload(data, stream, encoderParams, params, features, head, spec, recipe.data().source(),
                    from, batch);
        } catch (RuntimeException e) {
            params.close();
            encoderParams.close();
            throw e;
        }
    }

    /** The checkpoint the encoder was loaded from, or null for a randomly initialised encoder. */
    Path encoderFrom() {
        return encoderFrom;
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
        return spec.numPatches();
    }

    /**
     * For estimate: the first epoch, whose batches run the frozen encoder, then the epochs that reuse
     * its cached features. Neither adds activations to what opening this workload already took: the
     * feature statistics pass ({@link FrozenFeatures}) runs the encoder at the same batch size, and
     * the estimate measures the memory opening took.
     */
    void plannedModels(Recipe recipe, long totalSteps, double stepsPerEpoch, Consumer<PlannedModel> sink) {
        long encoded = Math.min(totalSteps, (long) Math.ceil(stepsPerEpoch));
        int classes = data.numClasses();
        sink.accept(new PlannedModel("linear probe, epoch 1 (frozen encoder runs)", params, true, recipe.optimizer(),
                ActivationShape.NONE, MaeFlops.probeTraining(spec, classes), tokensPerSample(), encoded));
        if (totalSteps > encoded) {
            sink.accept(new PlannedModel("linear probe, later epochs (cached features)", params, true, recipe.optimizer(),
                    ActivationShape.NONE, MaeFlops.probeHead(spec, classes), tokensPerSample(), totalSteps - encoded));
        }
    }

    /** Of the latest training batch: with the encoder's forward pass when it ran, the classifier's alone when cached. */
    @Override
    public double trainingFlopsPerSample() {
        return lastBatchEncoded ? MaeFlops.probeTraining(spec, data.numClasses()) : MaeFlops.probeHead(spec, data.numClasses());
    }

    /** Encodes outside the gradient collector: the frozen encoder builds no autograd graph. */
    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        ImageBatch b = stream.next();
        lastBatchEncoded = !features.cachedForTraining(b);
        return new Batch(features.train(manager, b), b.labelsArray(manager), b.size());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(Losses.crossEntropy(head.forward(batch.inputs()), batch.labels()));
    }

    /** Cross-entropy and top-1 accuracy of the probe on the evaluation split. */
    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        Map<String, Double> out = new LinkedHashMap<>();
        ImageDataset eval = stream.eval();
        if (eval == null) {
            return out;
        }
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        try (EvalBatches batches = new EvalBatches(eval, microBatch, stream.normalization(), 0, maxBatches)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                try (NDScope scope = new NDScope()) {
                    NDArray logits = head.forward(features.eval(manager, b));
                    NDArray labels = b.labelsArray(manager).toType(DataType.INT64, false);
                    lossSum += Losses.crossEntropy(logits, labels).getFloat() * b.size();
                    correct += logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
                    images += b.size();
                }
            }
        }
        out.put("val_loss", lossSum / Math.max(1, images));
        out.put("val_acc", (double) correct / Math.max(1, images));
        return out;
    }

    @Override
    public JsonObject dataState() {
        return stream.position().toJsonObject();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        stream.restore(LoaderPosition.fromJson(state));
    }

    @Override
    public String describe() {
        String from = encoderFrom == null
                ? "a RANDOMLY INITIALISED encoder (no init_from: the random-features baseline)"
                : "the frozen encoder of " + encoderFrom;
        return String.format("linear probe (%s pooling, standardised features) on %s: ViT %d layers, d_model %d, patch %d "
                        + "at %dpx; %,d trained parameters; %s", spec.clsPool() ? "CLS" : "mean", from, spec.layers(),
                spec.dModel(), spec.patchSize(), spec.imageSize(), params.numel(), MimData.describe(source, data));
    }

    @Override
    public void close() {
        stream.close();
        params.close();
        encoderParams.close();
    }
}
