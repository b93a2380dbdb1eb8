package dev.effitrain.core.data.image;

/**
 * Resizes C×H×W images so the shorter side becomes {@code size}, then centre-crops to size×size
 * (torchvision's Resize + CenterCrop). Separable triangle filter whose support widens with the
 * downscale factor, as PIL's antialiased bilinear does, so shrinking a photo averages instead of
 * aliasing. Weights are computed once per shape; {@link #apply} is thread-safe.
 */
final class Resampler {
    private final int channels;
    private final int inH;
    private final int inW;
    private final int size;
    private final Axis rows;
    private final Axis cols;

    Resampler(int channels, int inH, int inW, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.size = size;
        double scale = (double) size / Math.min(inH, inW);
        int scaledH = Math.max(size, (int) Math.round(inH * scale));
        int scaledW = Math.max(size, (int) Math.round(inW * scale));
        this.rows = new Axis(inH, scaledH, (scaledH - size) / 2, size);
        this.cols = new Axis(inW, scaledW, (scaledW - size) / 2, size);
    }

    /** One image, C×inH×inW in any value range → C×size×size. */
    float[] apply(float[] src) {
        float[] tmp = new float[channels * inH * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < inH; y++) {
                int rowBase = (c * inH + y) * inW;
                for (int x = 0; x < size; x++) {
                    tmp[(c * inH + y) * size + x] = cols.sample(src, rowBase, 1, x);
                }
            }
        }
        float[] out = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[(c * size + y) * size + x] = rows.sample(tmp, c * inH * size + x, size, y);
                }
            }
        }
        return out;
    }

    /** Per-output-index source window and normalised weights along one axis. */
    private static final class Axis {
        private final int[] start;
        private final float[][] weights;

        Axis(int in, int scaled, int offset, int out) {
            double ratio = (double) in / scaled;
            double filterScale = Math.max(1.0, ratio);
            double support = filterScale;
            start = new int[out];
            weights = new float[out][];
            for (int o = 0; o < out; o++) {
                double center = (o + offset + 0.5) * ratio;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in, (int) Math.ceil(center + support));
                float[] w = new float[hi - lo];
                double total = 0;
                for (int j = lo; j < hi; j++) {
                    double t = Math.abs((j + 0.5 - center) / filterScale);
                    double v = t < 1 ? 1 - t : 0;
                    w[j - lo] = (float) v;
                    total += v;
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] = (float) (w[k] / total);
                }
                start[o] = lo;
                weights[o] = w;
            }
        }

        float sample(float[] src, int base, int stride, int o) {
            float[] w = weights[o];
            int at = base + start[o] * stride;
            float acc = 0;
            for (float v : w) {
                acc += v * src[at];
                at += stride;
            }
            return acc;
        }
    }
}
