package dev.effitrain.core.data.image;

import static dev.effitrain.core.data.image.Fixtures.assertBadInput;
import static dev.effitrain.core.data.image.Fixtures.gzip;
import static dev.effitrain.core.data.image.Fixtures.idxImages;
import static dev.effitrain.core.data.image.Fixtures.idxLabels;
import static dev.effitrain.core.data.image.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

class IdxReaderTest {
    private static final int N = 3;
    private static final int ROWS = 4;
    private static final int COLS = 5;
    private static final byte[] PIXELS = Fixtures.countingPixels(N, ROWS * COLS);
    private static final byte[] LABELS = {7, 0, 9};

    @TempDir
    Path dir;

    private void writeSplit(String prefix, boolean gz) throws IOException {
        byte[] images = idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS, PIXELS);
        byte[] labels = idxLabels(IdxReader.LABELS_MAGIC, N, LABELS);
        String ext = gz ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gz ? gzip(images) : images);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gz ? gzip(labels) : labels);
    }

    private void assertRoundTrip(ImageDataset ds) {
        assertEquals(N, ds.size());
        assertEquals(1, ds.channels());
        assertEquals(ROWS, ds.height());
        assertEquals(COLS, ds.width());
        assertEquals(IdxReader.DIGIT_CLASSES, ds.classNames());
        for (int i = 0; i < N; i++) {
            assertEquals(LABELS[i], ds.label(i));
            for (int p = 0; p < ROWS * COLS; p++) {
                assertEquals((PIXELS[i * ROWS * COLS + p] & 0xff) / 255f, ds.pixel(i, p), 0f);
            }
        }
        assertArrayEquals(PIXELS, ds.uint8Pixels());
    }

    @Test
    void readsGzippedAndRawFilesByStandardNames() throws IOException {
        writeSplit("train", true);
        writeSplit("t10k", false);
        TrainTestSplit split = IdxReader.readDirectory(dir);
        assertRoundTrip(split.train());
        assertRoundTrip(split.test());
    }

    @Test
    void findsDottedNamesToo() throws IOException {
        write(dir.resolve("train-images.idx3-ubyte"), idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS, PIXELS));
        write(dir.resolve("train-labels.idx1-ubyte"), idxLabels(IdxReader.LABELS_MAGIC, N, LABELS));
        assertEquals(dir.resolve("train-images.idx3-ubyte"), IdxReader.find(dir, "train", "images-idx3"));
    }

    @Test
    void fashionDirectoryGetsFashionClassNames() throws IOException {
        dir = dir.resolve("my-fashion-data");
        writeSplit("train", true);
        writeSplit("t10k", true);
        assertEquals("Ankle boot", IdxReader.readDirectory(dir).train().classNames().get(9));
    }

    @Test
    void badMagicNamesTheFile() throws IOException {
        Path images = write(dir.resolve("img"), idxImages(2049, N, ROWS, COLS, PIXELS));
        Path labels = write(dir.resolve("lbl"), idxLabels(IdxReader.LABELS_MAGIC, N, LABELS));
        assertBadInput(() -> IdxReader.read(images, labels, IdxReader.DIGIT_CLASSES),
                images.toString(), "bad IDX magic number 2049, expected 2051");
        Path swapped = write(dir.resolve("lbl2"), idxLabels(IdxReader.IMAGES_MAGIC, N, LABELS));
        Path good = write(dir.resolve("img2"), idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS, PIXELS));
        assertBadInput(() -> IdxReader.read(good, swapped, IdxReader.DIGIT_CLASSES), swapped.toString(),
                "expected 2049");
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        byte[] full = idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS, PIXELS);
        Path labels = write(dir.resolve("lbl"), idxLabels(IdxReader.LABELS_MAGIC, N, LABELS));
        Path shortRaw = write(dir.resolve("short"), Arrays.copyOf(full, full.length - 7));
        assertBadInput(() -> IdxReader.read(shortRaw, labels, IdxReader.DIGIT_CLASSES), shortRaw.toString(),
                "truncated", "3 images of 4x5");
        Path shortHeader = write(dir.resolve("header"), Arrays.copyOf(full, 10));
        assertBadInput(() -> IdxReader.read(shortHeader, labels, IdxReader.DIGIT_CLASSES), "truncated IDX header");
        byte[] gz = gzip(full);
        Path shortGz = write(dir.resolve("short.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertBadInput(() -> IdxReader.read(shortGz, labels, IdxReader.DIGIT_CLASSES), shortGz.toString(),
                "truncated gzip stream");
    }

    @Test
    void countMismatchAndBadLabelAreReported() throws IOException {
        Path images = write(dir.resolve("img"), idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS, PIXELS));
        Path twoLabels = write(dir.resolve("lbl"), idxLabels(IdxReader.LABELS_MAGIC, 2, new byte[] {1, 2}));
        assertBadInput(() -> IdxReader.read(images, twoLabels, IdxReader.DIGIT_CLASSES), twoLabels.toString(),
                "2 labels but img has 3 images");
        Path label12 = write(dir.resolve("lbl12"), idxLabels(IdxReader.LABELS_MAGIC, N, new byte[] {1, 12, 2}));
        assertBadInput(() -> IdxReader.read(images, label12, IdxReader.DIGIT_CLASSES), "label 12 of image 1");
        Path extra = write(dir.resolve("extra"), Arrays.copyOf(idxImages(IdxReader.IMAGES_MAGIC, N, ROWS, COLS,
                PIXELS), 16 + PIXELS.length + 3));
        Path labels = write(dir.resolve("lbl3"), idxLabels(IdxReader.LABELS_MAGIC, N, LABELS));
        assertBadInput(() -> IdxReader.read(extra, labels, IdxReader.DIGIT_CLASSES), "3 unexpected bytes");
    }

    @Test
    void missingDirectoryOrFileSaysWhereItLooked() throws IOException {
        Path missing = dir.resolve("fashion-mnist");
        assertBadInput(() -> IdxReader.readDirectory(missing), missing.toString(), "no such directory",
                "train-images-idx3-ubyte", "apt-get install dataset-fashion-mnist");
        writeSplit("train", true);
        assertBadInput(() -> IdxReader.readDirectory(dir), dir.toString(), "no t10k images file",
                "t10k-images-idx3-ubyte.gz");
    }
}
