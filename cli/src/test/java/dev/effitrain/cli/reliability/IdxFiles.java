package dev.effitrain.cli.reliability;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** A tiny MNIST-style IDX data set (train + t10k, gzipped) written from a seed. */
final class IdxFiles {
    private IdxFiles() {
    }

    static Path write(Path dir, int train, int test, long seed) {
        try {
            Files.createDirectories(dir);
            Random r = new Random(seed);
            for (String split : new String[] {"train", "t10k"}) {
                int n = split.equals("train") ? train : test;
                ByteArrayOutputStream images = new ByteArrayOutputStream();
                DataOutputStream img = new DataOutputStream(images);
                img.writeInt(2051);
                img.writeInt(n);
                img.writeInt(28);
                img.writeInt(28);
                byte[] pixels = new byte[n * 28 * 28];
                r.nextBytes(pixels);
                img.write(pixels);
                ByteArrayOutputStream labels = new ByteArrayOutputStream();
                DataOutputStream lab = new DataOutputStream(labels);
                lab.writeInt(2049);
                lab.writeInt(n);
                for (int i = 0; i < n; i++) {
                    lab.writeByte(r.nextInt(10));
                }
                gzip(dir.resolve(split + "-images-idx3-ubyte.gz"), images.toByteArray());
                gzip(dir.resolve(split + "-labels-idx1-ubyte.gz"), labels.toByteArray());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
