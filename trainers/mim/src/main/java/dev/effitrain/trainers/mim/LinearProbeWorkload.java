package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.Augmentation;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.model.Init;
import dev.effitrain.core.model.Linear;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.train.Workload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Linear probing (MAE's protocol, main_linprobe.py): the encoder is frozen; its pooled feature
 * (CLS or patch mean, {@code model.pool}) is standardised without learned scale (MAE uses
 * {@code BatchNorm1d(affine=False)}; a frozen encoder's features have fixed statistics, measured
 * here once on the first training images) and a linear classifier is trained on the labels. Only
 * the classifier ({@code head.weight}, {@code head.bias}) is a trained parameter.
 */
final class LinearProbeWorkload implements Workload {
    static final int STATS_IMAGES = 4096;
    private static final float STATS_EPS = 1e-6f;

    private final ImageData data;
    private final ImageStream stream;
    private final ParamStore encoderParams;
    private final ParamStore params;
    private final MaeEncoder encoder;
    private final Linear head;
    private final VitSpec spec;
    private final String source;
    private final Path encoderFrom;
    private final FeatureCache trainCache;
    private final FeatureCache evalCache;
    private final int microBatch;
    private NDArray featureMean;
    private NDArray featureStd;
    private boolean lastBatchEncoded = true;

    private LinearProbeWorkload(ImageData data, ImageStream stream, ParamStore encoderParams, ParamStore params,
                                MaeEncoder encoder, Linear head, VitSpec spec, String source, Path encoderFrom,
                                boolean augmented, int microBatch) {
        this.data = data;
        this.stream = stream;
        this.encoderParams = encoderParams;
        this.params = params;
        this.encoder = encoder;
        this.head = head;
        this.spec = spec;
        this.source = source;
        this.encoderFrom = encoderFrom;
        this.microBatch = microBatch;
        int d = spec.dModel();
        this.trainCache = !augmented && FeatureCache.fits(data.train().size(), d) ? new FeatureCache(data.train().size(), d) : null;
        this.evalCache = data.eval() != null && FeatureCache.fits(data.eval().size(), d) ? new FeatureCache(data.eval().size(), d) : null;
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
            Normalization norm = data.normalization(recipe.data().normalize());
            ImageStream stream = new ImageStream(data, recipe.data(), recipe.train().microBatch(), recipe.seed(), norm,
                    spec.imageSize());
            LinearProbeWorkload w = new LinearProbeWorkload(data, stream, encoderParams, params, encoder, head, spec,
                    recipe.data().source(), from, Augmentation.from(recipe.data()).enabled(), recipe.train().microBatch());
            w.measureFeatureStatistics(manager);
            return w;
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

    /** Mean and standard deviation of each feature over the first {@value #STATS_IMAGES} training images. */
    private void measureFeatureStatistics(NDManager manager) {
        int n = Math.min(STATS_IMAGES, data.train().size());
        int d = spec.dModel();
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        ImageDataset first = data.train().subset(IntStream.range(0, n).toArray());
        try (EvalBatches batches = new EvalBatches(first, microBatch, stream.normalization(), 0, 0)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                try (NDScope scope = new NDScope()) {
                    float[] f = rawFeatures(manager, b, trainCache).toFloatArray();
                    for (int k = 0; k < f.length; k++) {
                        sum[k % d] += f[k];
                        sumSq[k % d] += (double) f[k] * f[k];
                    }
                }
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double m = sum[j] / n;
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Math.max(0, sumSq[j] / n - m * m) + STATS_EPS);
        }
        featureMean = keep(manager.create(mean, new Shape(1, d)));
        featureStd = keep(manager.create(std, new Shape(1, d)));
    }

    private NDArray keep(NDArray a) {
        a.attach(encoderParams.manager());
        NDScope.unregister(a);
        return a;
    }

    /** Pooled encoder features (B, D) of a batch, from the cache where possible. */
    private NDArray rawFeatures(NDManager manager, ImageBatch b, FeatureCache cache) {
        if (cache != null && cache.hasAll(b.indices())) {
            return manager.create(cache.get(b.indices()), new Shape(b.size(), spec.dModel()));
        }
        NDArray f = encoder.pool(encoder.encodeAll(b.imagesArray(manager), false));
        if (cache != null) {
            cache.put(b.indices(), f.toFloatArray());
        }
        return f;
    }

    private NDArray features(NDManager manager, ImageBatch b, FeatureCache cache) {
        return rawFeatures(manager, b, cache).sub(featureMean).div(featureStd);
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

    /** Of the latest training batch: with the encoder's forward pass when it ran, the classifier's alone when cached. */
    @Override
    public double trainingFlopsPerSample() {
        return lastBatchEncoded ? MaeFlops.probeTraining(spec, data.numClasses()) : MaeFlops.probeHead(spec, data.numClasses());
    }

    /** Encodes outside the gradient collector: the frozen encoder builds no autograd graph. */
    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        ImageBatch b = stream.next();
        lastBatchEncoded = trainCache == null || !trainCache.hasAll(b.indices());
        return new Batch(features(manager, b, trainCache), b.labelsArray(manager), b.size());
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
                    NDArray logits = head.forward(features(manager, b, evalCache));
                    NDArray labels = b.labelsArray(manager).toType(DataType.INT64, false);
                    lossSum += Losses.crossEntropy(logits, labels).getFloat() * b.size();
                    correct += logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
                    images += b.size();
                }
            }
        }
        out.put("val_loss", lossSum / Math.max(1, images));
        out.put("val_accuracy", (double) correct / Math.max(1, images));
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
