package dev.effitrain.core.data.image;

import java.util.List;

/**
 * N labelled images held in memory as one contiguous N×C×H×W array, either uint8 (0–255, the
 * compact form every file source produces) or float (already in [0, 1]). Pixel values seen through
 * this class are always in [0, 1]; normalisation happens when batches are built.
 */
public final class ImageDataset {
    private final byte[] uint8;
    private final float[] float32;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final List<String> classNames;

    private ImageDataset(byte[] uint8, float[] float32, int[] labels, int channels, int height, int width,
                         List<String> classNames) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        long pixels = (long) labels.length * channels * height * width;
        int actual = uint8 != null ? uint8.length : float32.length;
        if (pixels != actual) {
            throw new IllegalArgumentException(labels.length + " labels need " + pixels + " pixels, got " + actual);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0.."
                        + (classNames.size() - 1));
            }
        }
        this.uint8 = uint8;
        this.float32 = float32;
        this.size = labels.length;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /** Largest pixel array a dataset can hold (a Java array). */
    public static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

    /** Takes ownership of the arrays (no copy). */
    public static ImageDataset ofUint8(byte[] pixels, int[] labels, int channels, int height, int width,
                                       List<String> classNames) {
        return new ImageDataset(pixels, null, labels, channels, height, width, classNames);
    }

    /** Takes ownership of the arrays (no copy); pixels are expected in [0, 1]. */
    public static ImageDataset ofFloat(float[] pixels, int[] labels, int channels, int height, int width,
                                       List<String> classNames) {
        return new ImageDataset(null, pixels, labels, channels, height, width, classNames);
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Side of the (square) images; throws if they are not square. */
    public int imageSize() {
        if (height != width) {
            throw new IllegalStateException("images are " + height + "x" + width + ", not square");
        }
        return height;
    }

    public int pixelsPerImage() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i];
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public boolean isUint8() {
        return uint8 != null;
    }

    /** Pixel {@code offset} (c·H·W + y·W + x) of image {@code i}, in [0, 1]. */
    public float pixel(int i, int offset) {
        long at = (long) i * pixelsPerImage() + offset;
        return uint8 != null ? (uint8[(int) at] & 0xff) / 255f : float32[(int) at];
    }

    /** Image {@code i} as C×H×W floats in [0, 1]. */
    public float[] image(int i) {
        float[] out = new float[pixelsPerImage()];
        for (int k = 0; k < out.length; k++) {
            out[k] = pixel(i, k);
        }
        return out;
    }

    /** Number of images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order. */
    public ImageDataset subset(int[] indices) {
        int ppi = pixelsPerImage();
        int[] newLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            newLabels[k] = labels[indices[k]];
        }
        if (uint8 != null) {
            byte[] px = new byte[indices.length * ppi];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(uint8, indices[k] * ppi, px, k * ppi, ppi);
            }
            return ofUint8(px, newLabels, channels, height, width, classNames);
        }
        float[] px = new float[indices.length * ppi];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(float32, indices[k] * ppi, px, k * ppi, ppi);
        }
        return ofFloat(px, newLabels, channels, height, width, classNames);
    }

    /** Every image resized (shorter side) and centre-cropped to size×size; this dataset if already so. */
    public ImageDataset resized(int size) {
        if (height == size && width == size) {
            return this;
        }
        Resampler resampler = new Resampler(channels, height, width, size);
        int outPpi = channels * size * size;
        if (uint8 != null) {
            byte[] out = new byte[this.size * outPpi];
            float[] src = new float[pixelsPerImage()];
            for (int i = 0; i < this.size; i++) {
                for (int k = 0; k < src.length; k++) {
                    src[k] = uint8[i * src.length + k] & 0xff;
                }
                float[] r = resampler.apply(src);
                for (int k = 0; k < outPpi; k++) {
                    out[i * outPpi + k] = (byte) Math.max(0, Math.min(255, Math.round(r[k])));
                }
            }
            return ofUint8(out, labels, channels, size, size, classNames);
        }
        float[] out = new float[this.size * outPpi];
        float[] src = new float[pixelsPerImage()];
        for (int i = 0; i < this.size; i++) {
            System.arraycopy(float32, i * src.length, src, 0, src.length);
            System.arraycopy(resampler.apply(src), 0, out, i * outPpi, outPpi);
        }
        return ofFloat(out, labels, channels, size, size, classNames);
    }

    /**
     * The same images with {@code target} channels: grey replicated to RGB, or RGB reduced to luma
     * (ITU-R BT.601 weights, as PIL's "L" conversion).
     */
    public ImageDataset withChannels(int target) {
        if (target == channels) {
            return this;
        }
        int hw = height * width;
        float[] out = new float[size * target * hw];
        if (channels == 1 && target == 3) {
            for (int i = 0; i < size; i++) {
                for (int p = 0; p < hw; p++) {
                    float v = pixel(i, p);
                    for (int c = 0; c < 3; c++) {
                        out[(i * 3 + c) * hw + p] = v;
                    }
                }
            }
        } else if (channels == 3 && target == 1) {
            for (int i = 0; i < size; i++) {
                for (int p = 0; p < hw; p++) {
                    out[i * hw + p] = 0.299f * pixel(i, p) + 0.587f * pixel(i, hw + p) + 0.114f * pixel(i, 2 * hw + p);
                }
            }
        } else {
            throw new IllegalArgumentException("cannot convert " + channels + " channels to " + target);
        }
        if (uint8 == null) {
            return ofFloat(out, labels, target, height, width, classNames);
        }
        byte[] bytes = new byte[out.length];
        for (int k = 0; k < out.length; k++) {
            bytes[k] = (byte) Math.round(out[k] * 255f);
        }
        return ofUint8(bytes, labels, target, height, width, classNames);
    }

    /** The backing uint8 array (shared, not copied) or null; for the batch builder's fast path. */
    byte[] uint8Pixels() {
        return uint8;
    }

    /** The backing float array (shared, not copied) or null. */
    float[] floatPixels() {
        return float32;
    }

    int[] labelArray() {
        return labels;
    }

    @Override
    public String toString() {
        return size + " images " + channels + "x" + height + "x" + width + ", " + numClasses() + " classes";
    }
}
