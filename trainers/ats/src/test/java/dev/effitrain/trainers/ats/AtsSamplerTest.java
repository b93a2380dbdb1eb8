package dev.effitrain.trainers.ats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §2.4 on the sampling step alone, with scores we choose. */
class AtsSamplerTest {
    private static final int P = 24; // patch tokens; N = 25 with CLS
    private NDManager manager;
    private NDScope scope;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager(Device.cpu());
        scope = new NDScope();
    }

    @AfterEach
    void tearDown() {
        scope.close();
        manager.close();
    }

    @Test
    void matchesALoopByLoopTranscriptionOfTheOfficialSampling() {
        float[][] scores = randomScores(6, P, new Random(1));
        for (int k : new int[] {P + 1, 16, 8}) {
            TokenSelection sel = select(scores, null, true, k, true);
            for (int b = 0; b < scores.length; b++) {
                boolean[] alive = new boolean[P];
                Arrays.fill(alive, true);
                int[] expected = ReferenceAts.select(scores[b], alive, true, k - 1);
                assertArrayEquals(expected, keptPatches(sel, b), "K " + k + ", image " + b);
            }
        }
    }

    @Test
    void uniformScoresWithFullKKeepAllButTheFirstSortedToken() {
        float[][] uniform = new float[3][P];
        for (float[] row : uniform) {
            Arrays.fill(row, 1f / P);
        }
        TokenSelection sel = select(uniform, null, true, P + 1, true);
        for (int b = 0; b < 3; b++) {
            assertEquals(P, sel.kept()[b], "CLS + all patches but the one with CDF 0");
        }
    }

    @Test
    void oneHotLikeScoresKeepVeryFewTokens() {
        float[][] s = new float[2][P];
        for (float[] row : s) {
            Arrays.fill(row, 1e-4f);
        }
        s[0][7] = 1;
        s[1][3] = 0.6f;
        s[1][20] = 0.4f;
        TokenSelection sel = select(normalise(s), null, true, P + 1, true);
        // besides the heavy tokens, at most the first grid point's token and the heaviest light one
        assertTrue(sel.kept()[0] <= 4, "kept " + sel.kept()[0]);
        assertTrue(sel.kept()[1] <= 5, "kept " + sel.kept()[1]);
        assertTrue(Arrays.stream(keptPatches(sel, 0)).anyMatch(i -> i == 7));
        assertEquals(Set.of(3, 20), Set.of(Arrays.stream(keptPatches(sel, 1)).boxed()
                .filter(i -> i == 3 || i == 20).toArray(Integer[]::new)));
    }

    @Test
    void clsFirstIndicesUniqueAndCountWithinK() {
        float[][] scores = randomScores(8, P, new Random(2));
        for (int k : new int[] {P + 1, 20, 12, 8}) {
            for (boolean compact : new boolean[] {true, false}) {
                TokenSelection sel = select(scores, null, true, k, compact);
                long[] pos = sel.positions().toLongArray();
                float[] policy = sel.policy().toFloatArray();
                int w = sel.width();
                for (int b = 0; b < scores.length; b++) {
                    assertEquals(0, pos[b * w], "slot 0 is CLS");
                    assertEquals(1f, policy[b * w], "CLS is always kept");
                    Set<Long> seen = new HashSet<>();
                    int live = 0;
                    for (int j = 0; j < w; j++) {
                        if (policy[b * w + j] > 0) {
                            assertTrue(seen.add(pos[b * w + j]), "position " + pos[b * w + j] + " twice");
                            live++;
                        }
                    }
                    assertEquals(sel.kept()[b], live);
                    assertTrue(live <= Math.min(k, P) + 1 && live <= k, "kept " + live + " with K " + k);
                }
            }
        }
    }

    @Test
    void sameScoresGiveTheSameSelection() {
        float[][] scores = randomScores(4, P, new Random(3));
        TokenSelection a = select(scores, null, true, 16, true);
        TokenSelection b = select(scores, null, true, 16, true);
        assertArrayEquals(a.positions().toLongArray(), b.positions().toLongArray());
        assertArrayEquals(a.kept(), b.kept());
    }

    @Test
    void deadSlotsAreNeverPickedAndDoNotChangeTheSelection() {
        // image 0 has its 16 live tokens in slots 1..16 and 8 empty slots; image 1 is the same without them
        Random r = new Random(4);
        float[] live = randomScores(1, 16, r)[0];
        float[][] padded = new float[1][P];
        System.arraycopy(live, 0, padded[0], 0, 16);
        float[] alive = new float[P + 1];
        Arrays.fill(alive, 0, 17, 1f);
        NDArray aliveArr = manager.create(alive, new Shape(1, P + 1));
        TokenSelection withDead = InverseTransformSampler.select(manager.create(padded[0], new Shape(1, P)), aliveArr,
                manager.zeros(new Shape(1, 1)), 11, true);
        TokenSelection without = InverseTransformSampler.select(manager.create(live, new Shape(1, 16)), null,
                manager.zeros(new Shape(1, 1)), 11, true);
        assertArrayEquals(without.positions().toLongArray(), withDead.positions().toLongArray());
        assertTrue(Arrays.stream(keptPatches(withDead, 0)).allMatch(i -> i < 16));
        boolean[] aliveRef = new boolean[P];
        Arrays.fill(aliveRef, 0, 16, true);
        assertArrayEquals(ReferenceAts.select(padded[0], aliveRef, false, 11), keptPatches(withDead, 0));
    }

    @Test
    void budgetsFollowTheOfficialClampsAgainstTheFullTokenCount() {
        assertEquals(50, TokenBudget.tokens(1.0, 50));
        assertEquals(25, TokenBudget.tokens(0.5, 50));
        assertEquals(8, TokenBudget.tokens(0.1, 50), "at least 8 tokens");
        assertEquals(30, TokenBudget.tokens(30, 50));
        assertEquals(50, TokenBudget.tokens(300, 50));
        assertEquals(5, TokenBudget.tokens(0.5, 5), "never more than the image has");
        assertEquals(12, TokenBudget.tokens(0.5, 25), "12.5 rounds half to even, as Python's round");
        assertEquals(49, TokenBudget.gridPoints(50));
    }

    private TokenSelection select(float[][] scores, NDArray alive, boolean complete, int k, boolean compact) {
        int b = scores.length;
        float[] flat = new float[b * scores[0].length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(scores[i], 0, flat, i * scores[0].length, scores[0].length);
        }
        NDArray s = manager.create(flat, new Shape(b, scores[0].length));
        NDArray c = complete ? manager.ones(new Shape(b, 1)) : manager.zeros(new Shape(b, 1));
        return InverseTransformSampler.select(s, alive, c, TokenBudget.gridPoints(k), compact);
    }

    /** Kept patch indices (0-based patches) of image b, slot order. */
    static int[] keptPatches(TokenSelection sel, int b) {
        long[] pos = sel.positions().toLongArray();
        int w = sel.width();
        int[] out = new int[sel.kept()[b] - 1];
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) pos[b * w + 1 + j] - 1;
        }
        return out;
    }

    static float[][] randomScores(int b, int p, Random r) {
        float[][] s = new float[b][p];
        for (float[] row : s) {
            for (int j = 0; j < p; j++) {
                row[j] = (float) -Math.log(1 - r.nextDouble()) * (r.nextDouble() < 0.3 ? 5 : 1);
            }
        }
        return normalise(s);
    }

    static float[][] normalise(float[][] s) {
        for (float[] row : s) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= (float) sum;
            }
        }
        return s;
    }
}
