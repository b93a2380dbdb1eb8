package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.Normalization;
import java.util.stream.IntStream;

/**
 * Standardised pooled features of a frozen encoder. MAE's probe puts {@code BatchNorm1d(affine=False)}
 * before the classifier; a frozen encoder's features have fixed statistics, so they are measured
 * once, on the first {@value #STATS_IMAGES} training images, and applied as a constant
 * standardisation. Features are cached by data-set index when the images are not augmented.
 */
final class FrozenFeatures {
    static final int STATS_IMAGES = 4096;
    private static final float STATS_EPS = 1e-6f;

    private final MaeEncoder encoder;
    private final int dim;
    private final FeatureCache trainCache;
    private final FeatureCache evalCache;
    private final NDArray mean;
    private final NDArray std;

    /**
     * @param keepOn    long-lived manager the statistics are kept on
     * @param augmented whether training images are augmented (then training features are never cached)
     */
    FrozenFeatures(MaeEncoder encoder, int dim, ImageDataset train, ImageDataset eval, boolean augmented,
                   Normalization norm, int batchSize, NDManager manager, NDManager keepOn) {
        this.encoder = encoder;
        this.dim = dim;
        this.trainCache = !augmented && FeatureCache.fits(train.size(), dim) ? new FeatureCache(train.size(), dim) : null;
        this.evalCache = eval != null && FeatureCache.fits(eval.size(), dim) ? new FeatureCache(eval.size(), dim) : null;
        float[][] stats = measure(train, norm, batchSize, manager);
        this.mean = keep(manager.create(stats[0], new Shape(1, dim)), keepOn);
        this.std = keep(manager.create(stats[1], new Shape(1, dim)), keepOn);
    }

    /** Whether this training batch's features are already known (no encoder pass needed). */
    boolean cachedForTraining(ImageBatch b) {
        return trainCache != null && trainCache.hasAll(b.indices());
    }

    /** Standardised features (B, D) of a training batch. */
    NDArray train(NDManager manager, ImageBatch b) {
        return standardise(raw(manager, b, trainCache));
    }

    /** Standardised features (B, D) of an evaluation batch. */
    NDArray eval(NDManager manager, ImageBatch b) {
        return standardise(raw(manager, b, evalCache));
    }

    private NDArray standardise(NDArray f) {
        return f.sub(mean).div(std);
    }

    private NDArray raw(NDManager manager, ImageBatch b, FeatureCache cache) {
        if (cache != null && cache.hasAll(b.indices())) {
            return manager.create(cache.get(b.indices()), new Shape(b.size(), dim));
        }
        NDArray f = encoder.pool(encoder.encodeAll(b.imagesArray(manager), false));
        if (cache != null) {
            cache.put(b.indices(), f.toFloatArray());
        }
        return f;
    }

    /** Per-feature mean and standard deviation over the first training images: {mean, std}. */
    private float[][] measure(ImageDataset train, Normalization norm, int batchSize, NDManager manager) {
        int n = Math.min(STATS_IMAGES, train.size());
        double[] sum = new double[dim];
        double[] sumSq = new double[dim];
        ImageDataset first = train.subset(IntStream.range(0, n).toArray());
        try (EvalBatches batches = new EvalBatches(first, batchSize, norm, 0, 0)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                try (NDScope scope = new NDScope()) {
                    float[] f = raw(manager, b, trainCache).toFloatArray();
                    for (int k = 0; k < f.length; k++) {
                        sum[k % dim] += f[k];
                        sumSq[k % dim] += (double) f[k] * f[k];
                    }
                }
            }
        }
        float[][] out = new float[2][dim];
        for (int j = 0; j < dim; j++) {
            double m = sum[j] / n;
            out[0][j] = (float) m;
            out[1][j] = (float) Math.sqrt(Math.max(0, sumSq[j] / n - m * m) + STATS_EPS);
        }
        return out;
    }

    private static NDArray keep(NDArray a, NDManager keepOn) {
        a.attach(keepOn);
        NDScope.unregister(a);
        return a;
    }
}
