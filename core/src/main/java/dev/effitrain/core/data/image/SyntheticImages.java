package dev.effitrain.core.data.image;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Procedural labelled images, no files: one of eight shapes at a random position, size and
 * contrast (random colours when RGB) over a random background, plus Gaussian noise. Image i is a
 * pure function of (seed, i), so any index range can be generated independently and the train and
 * validation splits are simply disjoint index ranges. The classes differ in shape and texture, not
 * in brightness or position, so a model has to look at structure; a tiny ViT separates them well
 * within a few hundred steps.
 */
public final class SyntheticImages {
    public static final List<String> CLASSES = List.of("disk", "square", "triangle", "plus", "ring",
            "horizontal-bars", "vertical-bars", "x");
    /** Below this the shapes are too few pixels to tell apart. */
    public static final int MIN_SIZE = 8;
    private static final double NOISE = 0.06;

    private SyntheticImages() {
    }

    /** Images {@code firstIndex .. firstIndex+count-1} of the stream for {@code seed}. */
    public static ImageDataset generate(long firstIndex, int count, int imageSize, int channels, long seed) {
        if (imageSize < MIN_SIZE) {
            throw new IllegalArgumentException("synthetic images need image_size >= " + MIN_SIZE + ", got " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("synthetic images have 1 or 3 channels, got " + channels);
        }
        int ppi = channels * imageSize * imageSize;
        byte[] pixels = new byte[count * ppi];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = render(seed, firstIndex + i, imageSize, channels, pixels, i * ppi);
        }
        return ImageDataset.ofUint8(pixels, labels, channels, imageSize, imageSize, CLASSES);
    }

    /** Draws image {@code index} into {@code dst} at {@code off}; returns its label. */
    static int render(long seed, long index, int size, int channels, byte[] dst, int off) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, Seeds.SYNTHETIC, index));
        int label = rng.nextInt(CLASSES.size());
        double r = size * (0.18 + 0.14 * rng.nextDouble());
        double cx = r + rng.nextDouble() * (size - 2 * r);
        double cy = r + rng.nextDouble() * (size - 2 * r);
        double[] bg = new double[channels];
        double[] fg = new double[channels];
        for (int c = 0; c < channels; c++) {
            bg[c] = 0.35 * rng.nextDouble();
            fg[c] = Math.min(1.0, bg[c] + 0.3 + 0.35 * rng.nextDouble());
        }
        Shape shape = new Shape(label, r);
        int hw = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = shape.contains(x + 0.5 - cx, y + 0.5 - cy);
                for (int c = 0; c < channels; c++) {
                    double v = (inside ? fg[c] : bg[c]) + NOISE * rng.nextGaussian();
                    dst[off + c * hw + y * size + x] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
                }
            }
        }
        return label;
    }

    /** Membership test for one class's shape centred at the origin with half-extent r. */
    private record Shape(int kind, double r) {
        boolean contains(double px, double py) {
            double ax = Math.abs(px);
            double ay = Math.abs(py);
            double box = 0.85 * r;
            double t = Math.max(1.0, 0.28 * r);
            double period = Math.max(2.0, Math.round(r / 2.5));
            return switch (kind) {
                case 0 -> px * px + py * py <= r * r;
                case 1 -> ax <= box && ay <= box;
                case 2 -> py >= -r && py <= 0.8 * r && ax <= (py + r) * 0.6;
                case 3 -> (ax <= t && ay <= r) || (ay <= t && ax <= r);
                case 4 -> {
                    double d = Math.sqrt(px * px + py * py);
                    yield d <= r && d >= r - Math.max(1.5, 0.35 * r);
                }
                case 5 -> ax <= box && ay <= box && Math.floorMod((long) Math.floor((py + box) / period), 2) == 0;
                case 6 -> ax <= box && ay <= box && Math.floorMod((long) Math.floor((px + box) / period), 2) == 0;
                case 7 -> Math.max(ax, ay) <= box && Math.abs(ax - ay) <= 1.2 * t;
                default -> throw new IllegalStateException("shape " + kind);
            };
        }
    }
}
