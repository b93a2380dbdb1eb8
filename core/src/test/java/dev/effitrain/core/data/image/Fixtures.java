package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.DataConfig;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Tiny data files written by tests, and shared assertions. */
final class Fixtures {
    private Fixtures() {
    }

    /** An IDX images file: magic 2051, n, rows, cols, then the pixel bytes. */
    static byte[] idxImages(int magic, int n, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] idxLabels(int magic, int n, byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(n).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Pixels i*rows*cols + p (mod 256) so every image and position is distinguishable. */
    static byte[] countingPixels(int n, int perImage) {
        byte[] px = new byte[n * perImage];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + i / perImage);
        }
        return px;
    }

    /** n grey images c×h×w where pixel value = (image * 13 + offset) mod 256, labels i mod classes. */
    static ImageDataset counting(int n, int c, int h, int w, int classes) {
        int ppi = c * h * w;
        byte[] px = new byte[n * ppi];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < ppi; p++) {
                px[i * ppi + p] = (byte) (i * 13 + p);
            }
        }
        int[] labels = new int[n];
        String[] names = new String[classes];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        for (int k = 0; k < classes; k++) {
            names[k] = "class" + k;
        }
        return ImageDataset.ofUint8(px, labels, c, h, w, List.of(names));
    }

    static DataConfig dataConfig(String source, String path, double valFraction, int workers, long syntheticSize,
                                 boolean normalize, int cropPadding, boolean hflip) {
        return new DataConfig(source, path, null, valFraction, workers, syntheticSize, normalize, cropPadding, hflip);
    }

    /** Asserts an exit-3 EffitrainException whose message contains every fragment. */
    static EffitrainException assertBadInput(Executable call, String... fragments) {
        EffitrainException e = assertThrows(EffitrainException.class, call);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        assertTrue(!e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        return e;
    }
}
