package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §3.7: per-sample random masking by argsort of noise. */
class MaeMaskingTest extends TensorTest {
    private static final int B = 5;
    private static final int L = 49;
    private static final int D = 6;

    @Test
    void keepCountIsMaesIntegerPart() {
        assertEquals(49, RandomMasking.keepCount(196, 0.75));
        assertEquals(12, RandomMasking.keepCount(49, 0.75));
        assertEquals(49, RandomMasking.keepCount(49, 0.0));
        assertEquals(4, RandomMasking.keepCount(16, 0.75));
    }

    @Test
    void everySampleKeepsExactlyIntLTimesOneMinusRPatches() {
        for (double ratio : new double[] {0.5, 0.75, 0.9}) {
            int keep = RandomMasking.keepCount(L, ratio);
            RandomMasking m = RandomMasking.apply(tokens(), manager.randomUniform(0f, 1f, new Shape(B, L)), keep);
            assertEquals(new Shape(B, keep, D), m.visible().getShape());
            float[] removed = m.mask().sum(new int[] {1}).toFloatArray();
            for (float r : removed) {
                assertEquals(L - keep, r, 0f, "mask.sum(1) == L - len_keep at ratio " + ratio);
            }
        }
    }

    @Test
    void idsRestoreInvertsTheShuffle() {
        RandomMasking m = RandomMasking.apply(tokens(), manager.randomUniform(0f, 1f, new Shape(B, L)), 12);
        long[] shuffle = m.idsShuffle().toLongArray();
        long[] restore = m.idsRestore().toLongArray();
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < L; i++) {
                assertEquals(i, shuffle[b * L + (int) restore[b * L + i]], "shuffle[restore[i]] == i");
                assertEquals(i, restore[b * L + (int) shuffle[b * L + i]], "restore[shuffle[i]] == i");
            }
        }
        // and gathering the shuffled sequence with ids_restore gives the original order back
        NDArray x = tokens();
        NDArray shuffled = x.gather(RandomMasking.expandLast(m.idsShuffle(), D), 1);
        NDArray restored = shuffled.gather(RandomMasking.expandLast(m.idsRestore(), D), 1);
        assertArrayEquals(x.toFloatArray(), restored.toFloatArray(), 0f);
    }

    @Test
    void visibleTokensAreTheUnmaskedOnesInShuffledOrderAndSmallNoiseIsKept() {
        NDArray x = tokens();
        NDArray noise = manager.randomUniform(0f, 1f, new Shape(B, L));
        int keep = 12;
        RandomMasking m = RandomMasking.apply(x, noise, keep);
        float[] xs = x.toFloatArray();
        float[] vis = m.visible().toFloatArray();
        float[] mask = m.mask().toFloatArray();
        float[] nz = noise.toFloatArray();
        long[] shuffle = m.idsShuffle().toLongArray();
        for (int b = 0; b < B; b++) {
            float threshold = sortedRow(nz, b)[keep - 1];
            for (int k = 0; k < keep; k++) {
                int patch = (int) shuffle[b * L + k];
                assertEquals(0f, mask[b * L + patch], "a kept patch is unmasked");
                for (int d = 0; d < D; d++) {
                    assertEquals(xs[(b * L + patch) * D + d], vis[(b * keep + k) * D + d], 0f);
                }
            }
            for (int i = 0; i < L; i++) {
                assertEquals(nz[b * L + i] <= threshold ? 0f : 1f, mask[b * L + i], "ascending: small noise is kept");
            }
        }
    }

    private NDArray tokens() {
        return manager.arange(B * L * D).toType(DataType.FLOAT32, false).reshape(B, L, D);
    }

    private static float[] sortedRow(float[] v, int row) {
        float[] r = new float[L];
        System.arraycopy(v, row * L, r, 0, L);
        java.util.Arrays.sort(r);
        return r;
    }
}
