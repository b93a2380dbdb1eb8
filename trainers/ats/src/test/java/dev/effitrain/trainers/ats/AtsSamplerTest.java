package dev.effitrain.trainers.ats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §2.4 on the sampling step alone, with scores we choose. */
class AtsSamplerTest {
    private static final int P = 24; // patch tokens; N = 25 with CLS
    private static final int N = P + 1;

    @Test
    void matchesALoopByLoopTranscriptionOfTheOfficialSampling() {
        Random r = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            float[][] scores = randomScores(4, P, r);
            for (int k : new int[] {N, 16, 8}) {
                TokenSelection sel = select(scores, full(4), k, true);
                for (int b = 0; b < scores.length; b++) {
                    int[] expected = ReferenceAts.select(scores[b], allAlive(P), true, k - 1);
                    assertArrayEquals(expected, sel.keptPatches(b), "trial " + trial + ", K " + k + ", image " + b);
                }
            }
        }
    }

    @Test
    void uniformScoresWithFullKKeepAllButTheFirstSortedToken() {
        float[][] uniform = new float[3][P];
        for (float[] row : uniform) {
            Arrays.fill(row, 1f / P);
        }
        TokenSelection sel = select(uniform, full(3), N, true);
        for (int b = 0; b < 3; b++) {
            assertEquals(N - 1, sel.kept()[b], "CLS + every patch but the one whose normalised CDF is 0");
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
        TokenSelection sel = select(normalise(s), full(2), N, true);
        // besides the heavy tokens, at most the first grid point's token and the heaviest light one
        assertTrue(sel.kept()[0] <= 4, "kept " + sel.kept()[0]);
        assertTrue(sel.kept()[1] <= 5, "kept " + sel.kept()[1]);
        assertTrue(Arrays.stream(sel.keptPatches(0)).anyMatch(i -> i == 7));
        assertTrue(Arrays.stream(sel.keptPatches(1)).filter(i -> i == 3 || i == 20).count() == 2);
    }

    @Test
    void clsFirstIndicesUniqueAndCountWithinK() {
        float[][] scores = randomScores(8, P, new Random(2));
        for (int k : new int[] {N, 20, 12, 8}) {
            for (boolean compact : new boolean[] {true, false}) {
                TokenSelection sel = select(scores, full(8), k, compact);
                int w = sel.width();
                assertEquals(compact ? Arrays.stream(sel.kept()).max().orElseThrow() : N, w);
                for (int b = 0; b < scores.length; b++) {
                    assertEquals(0, sel.positions()[b * w], "slot 0 is CLS");
                    Set<Long> seen = new HashSet<>();
                    for (int j = 0; j < sel.kept()[b]; j++) {
                        assertTrue(seen.add(sel.positions()[b * w + j]), "position twice in image " + b);
                    }
                    assertTrue(sel.kept()[b] <= Math.min(k, N - 1) + 1 && sel.kept()[b] <= k,
                            "kept " + sel.kept()[b] + " with K " + k);
                }
            }
        }
    }

    @Test
    void sameScoresGiveTheSameSelection() {
        float[][] scores = randomScores(4, P, new Random(3));
        TokenSelection a = select(scores, full(4), 16, true);
        TokenSelection b = select(scores, full(4), 16, true);
        assertArrayEquals(a.positions(), b.positions());
        assertArrayEquals(a.kept(), b.kept());
    }

    @Test
    void emptySlotsAreNeverPickedAndDoNotChangeTheSelection() {
        // one image with 16 live patches and 8 empty slots (score 0), the same image without them
        float[] live = randomScores(1, 16, new Random(4))[0];
        float[] padded = Arrays.copyOf(live, P);
        TokenSelection withEmpty = InverseTransformSampler.select(padded, new int[] {17}, 40, 11, false);
        TokenSelection without = InverseTransformSampler.select(live, new int[] {17}, 40, 11, false);
        assertArrayEquals(without.keptPatches(0), withEmpty.keptPatches(0));
        assertTrue(Arrays.stream(withEmpty.keptPatches(0)).allMatch(i -> i < 16));
        boolean[] alive = new boolean[P];
        Arrays.fill(alive, 0, 16, true);
        assertArrayEquals(ReferenceAts.select(padded, alive, false, 11), withEmpty.keptPatches(0));
    }

    @Test
    void anImageThatLostTokensUsesNoCdfOffset() {
        // complete: the least significant token (patch 2) sits at normalised CDF 0 and is never picked;
        // an image that lost tokens earlier has them as zero-score tokens in the official sequence: offset 0
        float[] s = {0.3f, 0.2f, 0.1f, 0.4f};
        TokenSelection complete = InverseTransformSampler.select(s, new int[] {5}, 5, 4, true);
        TokenSelection lostSome = InverseTransformSampler.select(s, new int[] {5}, 9, 4, true);
        assertArrayEquals(new int[] {1, 0, 3}, complete.keptPatches(0));
        assertArrayEquals(new int[] {2, 1, 0, 3}, lostSome.keptPatches(0));
        assertArrayEquals(ReferenceAts.select(s, allAlive(4), false, 4), lostSome.keptPatches(0));
    }

    @Test
    void nearestTakesTheFirstOfEqualDistancesAndOfEqualValues() {
        double[] cdf = {0, 0.25, 0.25, 0.5, 1};
        assertEquals(0, InverseTransformSampler.nearest(cdf, -1));
        assertEquals(1, InverseTransformSampler.nearest(cdf, 0.3), "the first of two equal values");
        assertEquals(1, InverseTransformSampler.nearest(cdf, 0.375), "equal distance: the lower index");
        assertEquals(3, InverseTransformSampler.nearest(cdf, 0.4));
        assertEquals(4, InverseTransformSampler.nearest(cdf, 2));
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

    private static TokenSelection select(float[][] scores, int[] live, int k, boolean compact) {
        float[] flat = new float[scores.length * scores[0].length];
        for (int i = 0; i < scores.length; i++) {
            System.arraycopy(scores[i], 0, flat, i * scores[0].length, scores[0].length);
        }
        return InverseTransformSampler.select(flat, live, N, TokenBudget.gridPoints(k), compact);
    }

    private static int[] full(int b) {
        int[] live = new int[b];
        Arrays.fill(live, N);
        return live;
    }

    private static boolean[] allAlive(int p) {
        boolean[] a = new boolean[p];
        Arrays.fill(a, true);
        return a;
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
