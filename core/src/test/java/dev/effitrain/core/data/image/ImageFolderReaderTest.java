package dev.effitrain.core.data.image;

import static dev.effitrain.core.data.image.Fixtures.assertBadInput;
import static dev.effitrain.core.data.image.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

class ImageFolderReaderTest {
    @TempDir
    Path root;

    /** A grey w×h PNG whose pixel (x, y) is base + 10y + x. */
    private static Path greyPng(Path file, int w, int h, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        return save(img, file, "png");
    }

    /** A solid-colour RGB image. */
    private static Path rgbImage(Path file, int w, int h, int rgb, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return save(img, file, format);
    }

    private static Path save(BufferedImage img, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, format, file.toFile());
        return file;
    }

    @Test
    void twoClassesOfGreyPngsInSortedFolderOrder() throws IOException {
        greyPng(root.resolve("dogs/a.png"), 4, 4, 100);
        greyPng(root.resolve("cats/b.png"), 4, 4, 0);
        greyPng(root.resolve("cats/a.png"), 4, 4, 50);
        Files.writeString(root.resolve("cats/README.txt"), "not an image");
        TrainTestSplit split = ImageFolderReader.readDirectory(root, 4, 0);
        assertNull(split.test());
        ImageDataset ds = split.train();
        assertEquals(List.of("cats", "dogs"), ds.classNames());
        assertEquals(3, ds.size());
        assertEquals(1, ds.channels());
        assertEquals(4, ds.imageSize());
        // cats/a.png, cats/b.png, dogs/a.png
        assertEquals(0, ds.label(0));
        assertEquals(0, ds.label(1));
        assertEquals(1, ds.label(2));
        assertEquals((50 + 10 * 2 + 3) / 255f, ds.pixel(0, 2 * 4 + 3), 1e-6f);
        assertEquals((0 + 10 * 1 + 1) / 255f, ds.pixel(1, 4 + 1), 1e-6f);
        assertEquals((100 + 10 * 3) / 255f, ds.pixel(2, 12), 1e-6f);
    }

    @Test
    void mixedColourGivesRgbWithGreyReplicated() throws IOException {
        greyPng(root.resolve("a/grey.png"), 4, 4, 20);
        rgbImage(root.resolve("b/red.png"), 4, 4, 0xC80A14, "png");
        ImageDataset ds = ImageFolderReader.readDirectory(root, 4, 0).train();
        assertEquals(3, ds.channels());
        assertEquals(20 / 255f, ds.pixel(0, 0), 1e-6f);
        assertEquals(20 / 255f, ds.pixel(0, 16), 1e-6f);
        assertEquals(20 / 255f, ds.pixel(0, 32), 1e-6f);
        assertEquals(0xC8 / 255f, ds.pixel(1, 5), 1e-6f);
        assertEquals(0x0A / 255f, ds.pixel(1, 16 + 5), 1e-6f);
        assertEquals(0x14 / 255f, ds.pixel(1, 32 + 5), 1e-6f);
        ImageDataset grey = ImageFolderReader.readDirectory(root, 4, 1).train();
        assertEquals(1, grey.channels());
        assertEquals(Math.round(0.299f * 0xC8 + 0.587f * 0x0A + 0.114f * 0x14) / 255f, grey.pixel(1, 0), 1e-6f);
    }

    @Test
    void resizesShorterSideThenCentreCrops() throws IOException {
        greyPng(root.resolve("a/wide.png"), 8, 4, 0);     // 8 wide, 4 high: same scale, crop columns 2..5
        rgbImage(root.resolve("b/big.jpg"), 40, 30, 0x808080, "jpg");
        ImageDataset ds = ImageFolderReader.readDirectory(root, 4, 1).train();
        assertEquals(4, ds.imageSize());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((10 * y + x + 2) / 255f, ds.pixel(0, y * 4 + x), 1e-6f);
            }
        }
        for (int p = 0; p < 16; p++) {
            assertEquals(128 / 255f, ds.pixel(1, p), 3 / 255f);   // JPEG is lossy
        }
    }

    @Test
    void trainAndTestFoldersAreSplitsWithTrainingClassOrder() throws IOException {
        greyPng(root.resolve("train/x/1.png"), 4, 4, 0);
        greyPng(root.resolve("train/y/1.png"), 4, 4, 0);
        greyPng(root.resolve("val/y/1.png"), 4, 4, 0);
        TrainTestSplit split = ImageFolderReader.readDirectory(root, 4, 0);
        assertEquals(2, split.train().size());
        assertEquals(1, split.test().size());
        assertEquals(1, split.test().label(0));
        assertEquals(List.of("x", "y"), split.test().classNames());
        greyPng(root.resolve("val/z/1.png"), 4, 4, 0);
        assertBadInput(() -> ImageFolderReader.readDirectory(root, 4, 0), "class 'z' is not among the training classes");
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        greyPng(root.resolve("a/ok.png"), 4, 4, 0);
        Path garbage = write(root.resolve("b/broken.png"), "this is not a png".getBytes());
        assertBadInput(() -> ImageFolderReader.readDirectory(root, 4, 0), garbage.toString(), "unreadable image");
        byte[] png = Files.readAllBytes(greyPng(root.resolve("b/broken.png"), 16, 16, 0));
        write(garbage, Arrays.copyOf(png, png.length / 2));
        assertBadInput(() -> ImageFolderReader.readDirectory(root, 4, 0), garbage.toString(), "unreadable image");
    }

    @Test
    void emptyOrMissingFoldersAreReported() throws IOException {
        assertBadInput(() -> ImageFolderReader.readDirectory(root.resolve("none"), 4, 0), "no such directory");
        assertBadInput(() -> ImageFolderReader.readDirectory(root, 4, 0), "no class sub-folders");
        Files.createDirectories(root.resolve("empty"));
        assertBadInput(() -> ImageFolderReader.readDirectory(root, 4, 0), "empty", "has no PNG/JPEG images");
    }
}
