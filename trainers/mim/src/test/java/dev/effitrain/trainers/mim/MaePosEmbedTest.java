package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.effitrain.core.model.SinCosPosEmbed;
import org.junit.jupiter.api.Test;

/** Position embeddings resampled to the current grid (progressive resolution). */
class MaePosEmbedTest {

    @Test
    void sameGridIsUnchangedAndClsRowIsKept() {
        float[] t = SinCosPosEmbed.table(16, 7, true);
        assertArrayEquals(t, PosEmbedResampler.resample(t, 16, 7, 7, true), 0f);
        float[] small = PosEmbedResampler.resample(t, 16, 7, 5, true);
        assertEquals((1 + 25) * 16, small.length);
        for (int c = 0; c < 16; c++) {
            assertEquals(0f, small[c], "the CLS row stays all zero");
        }
    }

    @Test
    void bilinearWithHalfPixelCentresLikeTorchInterpolate() {
        // one channel holding the column index on a 4x4 grid, resampled to 2x2:
        // output column j samples source x = (j + 0.5) * 2 - 0.5 = 0.5, 2.5
        int from = 4;
        float[] t = new float[from * from];
        for (int y = 0; y < from; y++) {
            for (int x = 0; x < from; x++) {
                t[y * from + x] = x + 10 * y;
            }
        }
        float[] r = PosEmbedResampler.resample(t, 1, from, 2, false);
        assertArrayEquals(new float[] {0.5f + 5f, 2.5f + 5f, 0.5f + 25f, 2.5f + 25f}, r, 1e-6f);
        // upsampling 2x2 -> 4x4 clamps at the border: source x = -0.25 -> 0, 0.25, 0.75, 1.25 -> 1
        float[] up = PosEmbedResampler.resample(new float[] {0, 1, 0, 1}, 1, 2, 4, false);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 0, 0.25f, 0.75f, 1, 0, 0.25f, 0.75f, 1, 0, 0.25f, 0.75f, 1},
                up, 1e-6f);
    }
}
