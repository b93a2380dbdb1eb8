package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.DataConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An image data set ready for training: the training images and the evaluation split (the source's
 * own test split where it has one, else a seeded hold-out of {@code data.val_fraction}), both at the
 * model's image size and channel count.
 *
 * @param eval      evaluation images, or null when the source has no test split and val_fraction is 0
 * @param evalSplit "test", "validation" or "none"
 */
public record ImageData(ImageDataset train, ImageDataset eval, String evalSplit) {
    public static final Set<String> SOURCES = Set.of("synthetic-image", "idx", "cifar10", "image-folder");
    public static final int DEFAULT_SYNTHETIC_SIZE = 10_000;
    public static final int DEFAULT_SYNTHETIC_IMAGE_SIZE = 32;

    public static boolean isImageSource(String source) {
        return SOURCES.contains(source);
    }

    /** {@link #open(DataConfig, int, int, long, Path)} with the channel count the source has. */
    public static ImageData open(DataConfig cfg, int imageSize, long seed, Path baseDir) {
        return open(cfg, imageSize, 0, seed, baseDir);
    }

    /**
     * Reads (or generates) the data set named by {@code cfg}.
     *
     * @param imageSize square side the images are resized to; 0 = the source's own size
     * @param channels  1 or 3 to convert, 0 = as the source has them (synthetic: 1)
     * @param seed      the run's seed: synthetic images and the hold-out split depend on it
     * @param baseDir   directory a relative {@code data.path} is resolved against (may be null)
     */
    public static ImageData open(DataConfig cfg, int imageSize, int channels, long seed, Path baseDir) {
        if (channels != 0 && channels != 1 && channels != 3) {
            throw EffitrainException.usage("images have 1 or 3 channels, not " + channels);
        }
        String source = cfg.source();
        if ("synthetic-image".equals(source)) {
            return synthetic(cfg, imageSize, channels, seed);
        }
        TrainTestSplit split = switch (source == null ? "" : source) {
            case "idx" -> IdxReader.readDirectory(
                    blank(cfg.path()) ? IdxReader.FASHION_MNIST_DIR : resolve(cfg.path(), baseDir));
            case "cifar10" -> CifarReader.readDirectory(requiredPath(cfg, baseDir));
            case "image-folder" -> ImageFolderReader.readDirectory(requiredPath(cfg, baseDir), imageSize, channels);
            default -> throw EffitrainException.usage("data.source '" + source + "' is not an image source "
                    + "(one of " + String.join(", ", SOURCES.stream().sorted().toList()) + ")");
        };
        ImageDataset train = adapt(split.train(), imageSize, channels);
        if (split.test() != null) {
            return new ImageData(train, adapt(split.test(), imageSize, channels), "test");
        }
        return holdOut(train, cfg.valFraction(), seed);
    }

    /**
     * Splits {@code all} into train and validation: a seeded random {@code valFraction} of the images
     * (at least one) is held out; both parts keep the original order.
     */
    public static ImageData holdOut(ImageDataset all, double valFraction, long seed) {
        if (valFraction < 0 || valFraction >= 1) {
            throw EffitrainException.usage("data.val_fraction must be in [0, 1), got " + valFraction);
        }
        if (valFraction == 0) {
            return new ImageData(all, null, "none");
        }
        int n = all.size();
        int nVal = (int) Math.max(1, Math.round(n * valFraction));
        if (nVal >= n) {
            throw EffitrainException.usage("data.val_fraction " + valFraction + " of " + n
                    + " images leaves nothing to train on");
        }
        int[] perm = EpochOrder.permutation(new java.util.SplittableRandom(Seeds.mix(seed, Seeds.HOLDOUT)), n);
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new ImageData(all.subset(train), all.subset(val), "validation");
    }

    private static ImageData synthetic(DataConfig cfg, int imageSize, int channels, long seed) {
        int n = cfg.syntheticSize() > 0 ? Math.toIntExact(cfg.syntheticSize()) : DEFAULT_SYNTHETIC_SIZE;
        int size = imageSize > 0 ? imageSize : DEFAULT_SYNTHETIC_IMAGE_SIZE;
        int c = channels > 0 ? channels : 1;
        if (size < SyntheticImages.MIN_SIZE) {
            throw EffitrainException.usage("synthetic images need model.image_size >= " + SyntheticImages.MIN_SIZE
                    + ", got " + size);
        }
        if ((long) n * c * size * size > ImageDataset.MAX_PIXELS) {
            throw EffitrainException.usage("data.synthetic_size " + n + " images of " + c + "x" + size + "x" + size
                    + " do not fit in memory (at most " + ImageDataset.MAX_PIXELS + " pixels)");
        }
        double vf = cfg.valFraction();
        if (vf < 0 || vf >= 1) {
            throw EffitrainException.usage("data.val_fraction must be in [0, 1), got " + vf);
        }
        // Synthetic images are independent draws, so the validation split is just the last index range.
        int nVal = vf == 0 ? 0 : (int) Math.max(1, Math.round(n * vf));
        if (nVal >= n) {
            throw EffitrainException.usage("data.val_fraction " + vf + " of " + n + " synthetic images leaves "
                    + "nothing to train on");
        }
        ImageDataset train = SyntheticImages.generate(0, n - nVal, size, c, seed);
        if (nVal == 0) {
            return new ImageData(train, null, "none");
        }
        return new ImageData(train, SyntheticImages.generate(n - nVal, nVal, size, c, seed), "validation");
    }

    private static ImageDataset adapt(ImageDataset ds, int imageSize, int channels) {
        ImageDataset out = channels > 0 ? ds.withChannels(channels) : ds;
        return imageSize > 0 ? out.resized(imageSize) : out;
    }

    private static Path requiredPath(DataConfig cfg, Path baseDir) {
        if (blank(cfg.path())) {
            throw EffitrainException.usage("data.path is required for data.source " + cfg.source());
        }
        return resolve(cfg.path(), baseDir);
    }

    private static Path resolve(String p, Path baseDir) {
        Path path = Path.of(p);
        return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public int channels() {
        return train.channels();
    }

    public int imageSize() {
        return train.imageSize();
    }

    public int numClasses() {
        return train.numClasses();
    }

    public List<String> classNames() {
        return train.classNames();
    }

    /** Training-set statistics when {@code normalize}, else pixels left in [0, 1]. */
    public Normalization normalization(boolean normalize) {
        return normalize ? Normalization.compute(train) : Normalization.identity(channels());
    }

    /** Training batches with {@code cfg}'s augmentation and worker count. */
    public TrainBatches trainBatches(DataConfig cfg, int batchSize, long seed, Normalization norm,
                                     LoaderPosition start) {
        return new TrainBatches(train, batchSize, seed, norm, Augmentation.from(cfg), cfg.numWorkers(), start);
    }

    /** Evaluation batches over {@link #eval()} (0 maxBatches = all of it). */
    public EvalBatches evalBatches(DataConfig cfg, int batchSize, Normalization norm, int maxBatches) {
        if (eval == null) {
            throw new IllegalStateException("no evaluation split (val_fraction is 0 and the source has no test split)");
        }
        return new EvalBatches(eval, batchSize, norm, cfg.numWorkers(), maxBatches);
    }
}
