package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class ResamplerTest {
    @Test
    void sameSizeIsTheIdentity() {
        float[] img = new float[2 * 5 * 5];
        for (int i = 0; i < img.length; i++) {
            img[i] = i * 1.5f;
        }
        assertArrayEquals(img, new Resampler(2, 5, 5, 5).apply(img), 1e-5f);
    }

    @Test
    void halvingPreservesRampsAndAveragesAwayFineStripes() {
        // 8 wide, 1 high rows: a ramp x, and stripes alternating 0/1. Output columns 1 and 2 are interior.
        float[] ramp = new float[8 * 8];
        float[] stripes = new float[8 * 8];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                ramp[y * 8 + x] = x;
                stripes[y * 8 + x] = x % 2;
            }
        }
        float[] r = new Resampler(1, 8, 8, 4).apply(ramp);
        float[] s = new Resampler(1, 8, 8, 4).apply(stripes);
        for (int y = 0; y < 4; y++) {
            assertEquals(2.5f, r[y * 4 + 1], 1e-5f);
            assertEquals(4.5f, r[y * 4 + 2], 1e-5f);
            // antialiased: a nearest-pixel shrink would give 0 or 1 here
            assertEquals(0.5f, s[y * 4 + 1], 1e-5f);
            assertEquals(0.5f, s[y * 4 + 2], 1e-5f);
        }
    }

    @Test
    void constantStaysConstantWhenUpOrDownScaledAndCropped() {
        float[] img = new float[3 * 7 * 11];
        Arrays.fill(img, 0.25f);
        for (int size : new int[] {3, 7, 16}) {
            float[] out = new Resampler(3, 7, 11, size).apply(img);
            assertEquals(3 * size * size, out.length);
            for (float v : out) {
                assertEquals(0.25f, v, 1e-6f);
            }
        }
    }

    @Test
    void datasetResizeKeepsLabelsAndRounds() {
        ImageDataset ds = Fixtures.counting(3, 1, 6, 6, 2).resized(3);
        assertEquals(3, ds.imageSize());
        assertEquals(1, ds.label(1));
    }
}
