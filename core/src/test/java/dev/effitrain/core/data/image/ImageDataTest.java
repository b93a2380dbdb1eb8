package dev.effitrain.core.data.image;

import static dev.effitrain.core.data.image.Fixtures.assertBadInput;
import static dev.effitrain.core.data.image.Fixtures.dataConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

class ImageDataTest {
    @TempDir
    Path dir;

    @Test
    void syntheticSourceSplitsByIndexRange() {
        DataConfig cfg = dataConfig("synthetic-image", null, 0.2, 0, 500, true, 0, false);
        ImageData data = ImageData.open(cfg, 16, 3, 7, null);
        assertEquals(400, data.train().size());
        assertEquals(100, data.eval().size());
        assertEquals("validation", data.evalSplit());
        assertEquals(3, data.channels());
        assertEquals(16, data.imageSize());
        assertEquals(SyntheticImages.CLASSES, data.classNames());
        ImageDataset expectedVal = SyntheticImages.generate(400, 100, 16, 3, 7);
        assertArrayEquals(expectedVal.uint8Pixels(), data.eval().uint8Pixels());
        assertEquals(1, ImageData.open(cfg, 16, 7, null).channels());
    }

    @Test
    void holdOutIsSeededDisjointAndComplete() {
        ImageDataset all = Fixtures.counting(50, 1, 2, 2, 5);
        ImageData a = ImageData.holdOut(all, 0.1, 3);
        ImageData b = ImageData.holdOut(all, 0.1, 3);
        ImageData c = ImageData.holdOut(all, 0.1, 4);
        assertEquals(45, a.train().size());
        assertEquals(5, a.eval().size());
        assertArrayEquals(a.eval().uint8Pixels(), b.eval().uint8Pixels());
        assertTrue(!Arrays.equals(a.eval().uint8Pixels(), c.eval().uint8Pixels()));
        // counting pixels make the first byte of each image unique: use it as the image's identity
        Set<Integer> ids = new HashSet<>();
        for (ImageDataset part : new ImageDataset[] {a.train(), a.eval()}) {
            for (int i = 0; i < part.size(); i++) {
                ids.add(part.uint8Pixels()[i * 4] & 0xff);
            }
        }
        assertEquals(50, ids.size());
        assertNull(ImageData.holdOut(all, 0, 3).eval());
    }

    @Test
    void idxDirectoryIsResizedAndConvertedToTheRequestedShape() throws IOException {
        byte[] px = Fixtures.countingPixels(2, 16);
        for (String prefix : new String[] {"train", "t10k"}) {
            Fixtures.write(dir.resolve("mnist/" + prefix + "-images-idx3-ubyte"),
                    Fixtures.idxImages(IdxReader.IMAGES_MAGIC, 2, 4, 4, px));
            Fixtures.write(dir.resolve("mnist/" + prefix + "-labels-idx1-ubyte"),
                    Fixtures.idxLabels(IdxReader.LABELS_MAGIC, 2, new byte[] {1, 2}));
        }
        ImageData data = ImageData.open(dataConfig("idx", "mnist", 0.1, 0, 0, false, 0, false), 8, 3, 0, dir);
        assertEquals(8, data.imageSize());
        assertEquals(3, data.channels());
        assertEquals("test", data.evalSplit());
        assertEquals(2, data.eval().size());
    }

    @Test
    void errorsCarryTheRightExitCode() {
        EffitrainException unknown = assertThrows(EffitrainException.class,
                () -> ImageData.open(dataConfig("text", null, 0, 0, 0, false, 0, false), 28, 1, null));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        EffitrainException noPath = assertThrows(EffitrainException.class,
                () -> ImageData.open(dataConfig("cifar10", null, 0, 0, 0, false, 0, false), 32, 1, null));
        assertEquals(ExitCode.USAGE, noPath.exitCode());
        assertBadInput(() -> ImageData.open(dataConfig("idx", "missing", 0, 0, 0, false, 0, false), 28, 1, dir),
                dir.resolve("missing").toString(), "no such directory");
    }
}
