package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.effitrain.core.config.DataConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

/** The real Fashion-MNIST files from Debian's dataset-fashion-mnist; skipped when not installed. */
class FashionMnistTest {
    private static ImageData data;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isRegularFile(IdxReader.FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed at " + IdxReader.FASHION_MNIST_DIR + " (" + IdxReader.FASHION_MNIST_HINT
                        + ")");
        DataConfig cfg = Fixtures.dataConfig("idx", null, 0.1, 0, 0, true, 0, false);
        data = ImageData.open(cfg, 0, 1, null);
    }

    @Test
    void hasTheStandardSplitShapesAndClasses() {
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.eval().size());
        assertEquals("test", data.evalSplit());
        assertEquals(28, data.imageSize());
        assertEquals(1, data.channels());
        assertEquals(10, data.numClasses());
        assertEquals(IdxReader.FASHION_MNIST_CLASSES, data.classNames());
        // Fashion-MNIST is balanced: 6000 training and 1000 test images per class
        int[] train = new int[10];
        int[] test = new int[10];
        java.util.Arrays.fill(train, 6000);
        java.util.Arrays.fill(test, 1000);
        assertArrayEquals(train, data.train().classCounts());
        assertArrayEquals(test, data.eval().classCounts());
    }

    @Test
    void trainingStatisticsMatchThePublishedValues() {
        Normalization n = data.normalization(true);
        assertEquals(0.2860, n.mean()[0], 1e-4);
        assertEquals(0.3530, n.std()[0], 1e-4);
    }
}
