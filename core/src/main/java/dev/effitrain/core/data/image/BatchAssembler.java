package dev.effitrain.core.data.image;

import java.util.SplittableRandom;

/**
 * Builds the float pixels of a batch: copy, augment (crop with padding, flip) and normalise in one
 * pass per image, uint8 through a 256-entry lookup table per channel. Stateless after construction,
 * so any number of loader threads can share one.
 */
final class BatchAssembler {
    private final ImageDataset ds;
    private final Augmentation aug;
    private final float[][] luts;
    private final float[] scale;
    private final float[] bias;

    BatchAssembler(ImageDataset ds, Normalization norm, Augmentation aug) {
        if (norm.channels() != ds.channels()) {
            throw new IllegalArgumentException("normalisation has " + norm.channels() + " channels, images have "
                    + ds.channels());
        }
        this.ds = ds;
        this.aug = aug;
        int c = ds.channels();
        luts = new float[c][];
        scale = new float[c];
        bias = new float[c];
        float[] mean = norm.mean();
        float[] std = norm.std();
        for (int ch = 0; ch < c; ch++) {
            luts[ch] = norm.lookupTable(ch);
            scale[ch] = 1f / std[ch];
            bias[ch] = -mean[ch] / std[ch];
        }
    }

    /**
     * @param augSeeds one seed per sample, or null for no augmentation (evaluation)
     */
    ImageBatch build(int[] indices, long[] augSeeds) {
        int ppi = ds.pixelsPerImage();
        float[] out = new float[indices.length * ppi];
        int[] labels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            labels[k] = ds.label(indices[k]);
            if (augSeeds == null || !aug.enabled()) {
                copy(indices[k], out, k * ppi);
            } else {
                SplittableRandom rng = new SplittableRandom(augSeeds[k]);
                int span = 2 * aug.cropPadding() + 1;
                int offsetY = rng.nextInt(span) - aug.cropPadding();
                int offsetX = rng.nextInt(span) - aug.cropPadding();
                boolean flip = aug.hflip() && rng.nextBoolean();
                transform(indices[k], offsetY, offsetX, flip, out, k * ppi);
            }
        }
        return new ImageBatch(out, labels, indices, ds.channels(), ds.height(), ds.width());
    }

    private void copy(int image, float[] out, int off) {
        int ppi = ds.pixelsPerImage();
        int hw = ds.height() * ds.width();
        int base = image * ppi;
        byte[] u8 = ds.uint8Pixels();
        float[] f32 = ds.floatPixels();
        for (int c = 0; c < ds.channels(); c++) {
            int from = base + c * hw;
            int to = off + c * hw;
            if (u8 != null) {
                float[] lut = luts[c];
                for (int p = 0; p < hw; p++) {
                    out[to + p] = lut[u8[from + p] & 0xff];
                }
            } else {
                for (int p = 0; p < hw; p++) {
                    out[to + p] = f32[from + p] * scale[c] + bias[c];
                }
            }
        }
    }

    /**
     * Output pixel (y, x) = source pixel (y + offsetY, x' + offsetX) where x' = W-1-x when flipped;
     * sources outside the image are the zero padding (black, then normalised).
     */
    private void transform(int image, int offsetY, int offsetX, boolean flip, float[] out, int off) {
        int h = ds.height();
        int w = ds.width();
        int hw = h * w;
        int base = image * ds.pixelsPerImage();
        byte[] u8 = ds.uint8Pixels();
        float[] f32 = ds.floatPixels();
        for (int c = 0; c < ds.channels(); c++) {
            float[] lut = luts[c];
            float pad = u8 != null ? lut[0] : bias[c];
            for (int y = 0; y < h; y++) {
                int sy = y + offsetY;
                int to = off + c * hw + y * w;
                if (sy < 0 || sy >= h) {
                    java.util.Arrays.fill(out, to, to + w, pad);
                    continue;
                }
                int srcRow = base + c * hw + sy * w;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + offsetX;
                    float v;
                    if (sx < 0 || sx >= w) {
                        v = pad;
                    } else if (u8 != null) {
                        v = lut[u8[srcRow + sx] & 0xff];
                    } else {
                        v = f32[srcRow + sx] * scale[c] + bias[c];
                    }
                    out[to + x] = v;
                }
            }
        }
    }
}
