package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MNIST-style IDX files (MNIST, Fashion-MNIST): unsigned-byte images (magic 2051, N×rows×cols) and
 * labels (magic 2049, N), each raw or gzipped. A directory is searched for the standard names.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String FASHION_MNIST_HINT = "apt-get install dataset-fashion-mnist";
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private IdxReader() {
    }

    /**
     * Reads {@code train-*} and {@code t10k-*} from {@code dir}. Class names are Fashion-MNIST's when
     * the path mentions "fashion", otherwise the digits 0–9.
     */
    public static TrainTestSplit readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            String what = Files.exists(dir) ? "is not a directory" : "no such directory";
            throw EffitrainException.badInput(dir + ": " + what + " (looked for IDX files "
                    + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-… there)" + hint(dir));
        }
        List<String> names = dir.toAbsolutePath().toString().toLowerCase(Locale.ROOT).contains("fashion")
                ? FASHION_MNIST_CLASSES : DIGIT_CLASSES;
        ImageDataset train = read(find(dir, "train", "images-idx3"), find(dir, "train", "labels-idx1"), names);
        ImageDataset test = read(find(dir, "t10k", "images-idx3"), find(dir, "t10k", "labels-idx1"), names);
        if (train.height() != test.height() || train.width() != test.width()) {
            throw EffitrainException.badInput(dir + ": train images are " + train.height() + "x" + train.width()
                    + " but t10k images are " + test.height() + "x" + test.width());
        }
        return new TrainTestSplit(train, test);
    }

    /** One images file and its labels file. */
    public static ImageDataset read(Path imagesFile, Path labelsFile, List<String> classNames) {
        byte[] images = DataFiles.readBytes(imagesFile);
        byte[] labels = DataFiles.readBytes(labelsFile);
        checkHeader(imagesFile, images, IMAGES_MAGIC, 16);
        checkHeader(labelsFile, labels, LABELS_MAGIC, 8);
        int n = DataFiles.int32(images, 4);
        int rows = DataFiles.int32(images, 8);
        int cols = DataFiles.int32(images, 12);
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw EffitrainException.badInput(imagesFile + ": bad dimensions " + n + "x" + rows + "x" + cols);
        }
        checkLength(imagesFile, images, 16 + (long) n * rows * cols, n + " images of " + rows + "x" + cols);
        int nLabels = DataFiles.int32(labels, 4);
        checkLength(labelsFile, labels, 8 + (long) Math.max(0, nLabels), nLabels + " labels");
        if (nLabels != n) {
            throw EffitrainException.badInput(labelsFile + ": " + nLabels + " labels but " + imagesFile.getFileName()
                    + " has " + n + " images");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[8 + i] & 0xff;
            if (y[i] >= classNames.size()) {
                throw EffitrainException.badInput(labelsFile + ": label " + y[i] + " of image " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
        byte[] pixels = new byte[n * rows * cols];
        System.arraycopy(images, 16, pixels, 0, pixels.length);
        return ImageDataset.ofUint8(pixels, y, 1, rows, cols, classNames);
    }

    private static void checkHeader(Path file, byte[] b, int magic, int headerBytes) {
        if (b.length < headerBytes) {
            throw EffitrainException.badInput(file + ": truncated IDX header (" + b.length + " of " + headerBytes
                    + " bytes)");
        }
        int actual = DataFiles.int32(b, 0);
        if (actual != magic) {
            throw EffitrainException.badInput(file + ": bad IDX magic number " + actual + ", expected " + magic
                    + (magic == IMAGES_MAGIC ? " (images)" : " (labels)"));
        }
    }

    private static void checkLength(Path file, byte[] b, long expected, String what) {
        if (b.length < expected) {
            throw EffitrainException.badInput(file + ": truncated: header promises " + what + " (" + expected
                    + " bytes) but the file has " + b.length);
        }
        if (b.length > expected) {
            throw EffitrainException.badInput(file + ": " + (b.length - expected) + " unexpected bytes after " + what);
        }
    }

    /** {@code prefix-kind-ubyte}, {@code prefix-kind.ubyte} style names, gzipped first. */
    static Path find(Path dir, String prefix, String kind) {
        String dotted = kind.replace('-', '.');
        List<String> tried = new ArrayList<>();
        for (String base : List.of(prefix + "-" + kind + "-ubyte", prefix + "-" + dotted + "-ubyte")) {
            for (String name : List.of(base + ".gz", base)) {
                tried.add(name);
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw EffitrainException.badInput(dir + ": no " + prefix + " " + kind.substring(0, kind.indexOf('-'))
                + " file (looked for " + String.join(", ", tried) + ")" + hint(dir));
    }

    private static String hint(Path dir) {
        boolean fashion = dir.toAbsolutePath().normalize().equals(FASHION_MNIST_DIR)
                || dir.toString().toLowerCase(Locale.ROOT).contains("fashion-mnist");
        return fashion ? "; install it with `" + FASHION_MNIST_HINT + "`" : "";
    }
}
