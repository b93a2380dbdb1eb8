package dev.effitrain.core.data.image;

import java.util.Arrays;

/**
 * Per-channel affine map applied when a batch is built: {@code (pixel - mean[c]) / std[c]}, pixels
 * in [0, 1]. Computed once from the training set, or fixed; store it with a checkpoint so evaluation
 * on other data uses the training statistics.
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Pixels left in [0, 1]. */
    public static Normalization identity(int channels) {
        float[] zeros = new float[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new Normalization(zeros, ones);
    }

    /**
     * Mean and population standard deviation of every pixel of each channel. Exact for uint8 data
     * (a 256-bin histogram per channel); a constant channel gets std 1 rather than a division by 0.
     */
    public static Normalization compute(ImageDataset ds) {
        int c = ds.channels();
        int hw = ds.height() * ds.width();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        if (ds.isUint8()) {
            long[][] hist = new long[c][256];
            byte[] px = ds.uint8Pixels();
            for (int i = 0; i < ds.size(); i++) {
                for (int ch = 0; ch < c; ch++) {
                    long[] h = hist[ch];
                    int base = (i * c + ch) * hw;
                    for (int p = base; p < base + hw; p++) {
                        h[px[p] & 0xff]++;
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                for (int v = 0; v < 256; v++) {
                    double x = v / 255.0;
                    sum[ch] += hist[ch][v] * x;
                    sumSq[ch] += hist[ch][v] * x * x;
                }
            }
        } else {
            float[] px = ds.floatPixels();
            for (int i = 0; i < ds.size(); i++) {
                for (int ch = 0; ch < c; ch++) {
                    int base = (i * c + ch) * hw;
                    for (int p = base; p < base + hw; p++) {
                        sum[ch] += px[p];
                        sumSq[ch] += (double) px[p] * px[p];
                    }
                }
            }
        }
        double n = (double) ds.size() * hw;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            double var = Math.max(0, sumSq[ch] / n - m * m);
            mean[ch] = (float) m;
            std[ch] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Normalization(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Normalised value of a [0, 1] pixel of channel c. */
    public float apply(int c, float pixel) {
        return (pixel - mean[c]) / std[c];
    }

    /** The normalised value of each uint8 level 0..255 of channel c. */
    float[] lookupTable(int c) {
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = apply(c, v / 255f);
        }
        return lut;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
