package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 binary version: {@code data_batch_1..5.bin} and {@code test_batch.bin}, each a run of
 * 3073-byte records (1 label byte, then 1024 red, 1024 green, 1024 blue bytes of a 32×32 image,
 * already C×H×W). Class names come from {@code batches.meta.txt} when present.
 */
public final class CifarReader {
    public static final int SIDE = 32;
    public static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    /** The folder inside the official cifar-10-binary.tar.gz. */
    static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    private CifarReader() {
    }

    /** Training batches present among data_batch_1..5.bin, and test_batch.bin when present. */
    public static TrainTestSplit readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw EffitrainException.badInput(dir + ": no such directory (looked for CIFAR-10 binary batches "
                    + "data_batch_1.bin … data_batch_5.bin, test_batch.bin there)");
        }
        if (!Files.exists(dir.resolve("data_batch_1.bin")) && Files.isDirectory(dir.resolve(ARCHIVE_FOLDER))) {
            dir = dir.resolve(ARCHIVE_FOLDER);
        }
        List<String> names = classNames(dir);
        List<Path> trainFiles = new ArrayList<>();
        for (int b = 1; b <= 5; b++) {
            Path p = dir.resolve("data_batch_" + b + ".bin");
            if (Files.isRegularFile(p)) {
                trainFiles.add(p);
            }
        }
        if (trainFiles.isEmpty()) {
            throw EffitrainException.badInput(dir + ": no CIFAR-10 training batches (looked for data_batch_1.bin "
                    + "… data_batch_5.bin)");
        }
        Path testFile = dir.resolve("test_batch.bin");
        ImageDataset test = Files.isRegularFile(testFile) ? read(List.of(testFile), names) : null;
        return new TrainTestSplit(read(trainFiles, names), test);
    }

    /** The records of several batch files, concatenated in order. */
    public static ImageDataset read(List<Path> files, List<String> classNames) {
        List<byte[]> contents = new ArrayList<>();
        int total = 0;
        for (Path f : files) {
            byte[] b = DataFiles.readBytes(f);
            if (b.length % RECORD_BYTES != 0) {
                int whole = b.length / RECORD_BYTES;
                throw EffitrainException.badInput(f + ": short record: " + b.length + " bytes is " + whole
                        + " whole " + RECORD_BYTES + "-byte records plus " + (b.length - whole * RECORD_BYTES)
                        + " bytes (record " + whole + " is truncated)");
            }
            contents.add(b);
            total += b.length / RECORD_BYTES;
        }
        byte[] pixels = new byte[total * IMAGE_BYTES];
        int[] labels = new int[total];
        int i = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            byte[] b = contents.get(fi);
            for (int r = 0; r < b.length / RECORD_BYTES; r++, i++) {
                int label = b[r * RECORD_BYTES] & 0xff;
                if (label >= classNames.size()) {
                    throw EffitrainException.badInput(files.get(fi) + ": record " + r + " has label " + label
                            + ", outside 0.." + (classNames.size() - 1));
                }
                labels[i] = label;
                System.arraycopy(b, r * RECORD_BYTES + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return ImageDataset.ofUint8(pixels, labels, 3, SIDE, SIDE, classNames);
    }

    /** Non-blank lines of batches.meta.txt, or the standard CIFAR-10 names. */
    static List<String> classNames(Path dir) {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        try {
            List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty()) {
                throw EffitrainException.badInput(meta + ": no class names");
            }
            return names;
        } catch (IOException e) {
            throw EffitrainException.badInput(meta + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
