package dev.effitrain.trainers.mim;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.data.image.Normalization;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * A picture of reconstructions: one row per image, three panels: the original, the masked input
 * (removed patches grey) and the reconstruction (predicted pixels at removed patches, the input at
 * visible ones, as in MAE's demo). Panels are enlarged to at least {@value #MIN_PANEL} pixels.
 */
final class ReconstructionGrid {
    static final int MIN_PANEL = 84;
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x202020;
    private static final float MASKED_GREY = 0.5f;

    /** Images as (N, C, S, S) normalised values, row-major. */
    record Images(float[] values, int count, int channels, int size) {
        float pixel(int n, int c, int y, int x) {
            return values[((n * channels + c) * size + y) * size + x];
        }
    }

    private ReconstructionGrid() {
    }

    /**
     * @param mask (N, L) 1 = removed patch, patches in row-major order of a size/patch grid
     */
    static BufferedImage draw(Images original, Images reconstruction, float[] mask, int patch, Normalization normalization) {
        Denormalize norm = new Denormalize(normalization.mean(), normalization.std());
        int size = original.size();
        int grid = size / patch;
        int scale = Math.max(1, (MIN_PANEL + size - 1) / size);
        int panel = size * scale;
        int width = 3 * panel + 4 * GAP;
        int height = original.count() * (panel + GAP) + GAP;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, BACKGROUND);
            }
        }
        for (int n = 0; n < original.count(); n++) {
            int top = GAP + n * (panel + GAP);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean removed = mask[n * grid * grid + (y / patch) * grid + x / patch] > 0.5f;
                    int orig = rgb(original, n, y, x, norm);
                    int masked = removed ? grey(MASKED_GREY) : orig;
                    int recon = removed ? rgb(reconstruction, n, y, x, norm) : orig;
                    fill(img, GAP, top, x, y, scale, orig);
                    fill(img, 2 * GAP + panel, top, x, y, scale, masked);
                    fill(img, 3 * GAP + 2 * panel, top, x, y, scale, recon);
                }
            }
        }
        return img;
    }

    /** Writes the PNG through a temporary file, so a reader never sees half a picture. */
    static void write(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".png");
            try {
                if (!ImageIO.write(img, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write the reconstruction picture (" + e.getMessage() + ")", e);
        }
    }

    private static void fill(BufferedImage img, int left, int top, int x, int y, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                img.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
            }
        }
    }

    private static int rgb(Images im, int n, int y, int x, Denormalize norm) {
        if (im.channels() == 1) {
            return grey(pixel(im, n, 0, y, x, norm));
        }
        int r = level(pixel(im, n, 0, y, x, norm));
        int g = level(pixel(im, n, 1, y, x, norm));
        int b = level(pixel(im, n, 2, y, x, norm));
        return (r << 16) | (g << 8) | b;
    }

    /** Back from normalised values to [0, 1]. */
    private static float pixel(Images im, int n, int c, int y, int x, Denormalize norm) {
        return im.pixel(n, c, y, x) * norm.std()[c] + norm.mean()[c];
    }

    private record Denormalize(float[] mean, float[] std) {
    }

    private static int grey(float v) {
        int l = level(v);
        return (l << 16) | (l << 8) | l;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
