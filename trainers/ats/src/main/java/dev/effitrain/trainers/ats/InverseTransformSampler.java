package dev.effitrain.trainers.ats;

import java.util.Arrays;

/**
 * Deterministic inverse-transform sampling of tokens from their significance scores, as the
 * official {@code inverse_transform_sampling}: sort the scores ascending, take the CDF, min-max
 * normalise it, place a fixed uniform grid from the smallest positive CDF value to 1, pick for each
 * grid point the token with the nearest CDF value (the first one on ties), and drop repeats.
 *
 * <p>It runs on the host: per image it is a sort of P numbers and a binary search per grid point,
 * where the tensor formulation needs a (B, K, P) distance tensor and a dozen library calls per
 * stage, which cost more than the block itself at small batch sizes.
 *
 * <p>Where the official code is batch-dependent we follow what it computes without token
 * dropping, so that compaction changes nothing: the CDF's offset c₀ is the smallest score only for
 * an image that still has all of its tokens; an image that lost tokens in an earlier stage has them
 * as zero-score tokens in the official sequence, so its offset is 0.
 */
public final class InverseTransformSampler {
    private static final double TINY = 1e-12;

    private InverseTransformSampler() {
    }

    /**
     * @param scores     (B × P) row-major significance scores of the patch slots
     * @param live       live tokens per image, CLS included: patch slots 1..live−1 are in play, the
     *                   rest are empty
     * @param fullTokens tokens of an image before any sampling; an image with that many is complete
     * @param gridPoints grid size, at least 1 ({@link TokenBudget#gridPoints})
     * @param compact    true: width = the largest kept count in the batch; false: width = P + 1
     */
    public static TokenSelection select(float[] scores, int[] live, int fullTokens, int gridPoints, boolean compact) {
        int b = live.length;
        int p = scores.length / b;
        int[][] keptPatches = new int[b][];
        int widest = 0;
        for (int i = 0; i < b; i++) {
            keptPatches[i] = selectOne(scores, i * p, live[i] - 1, live[i] == fullTokens, gridPoints);
            widest = Math.max(widest, keptPatches[i].length);
        }
        int width = (compact ? widest : p) + 1;
        long[] positions = new long[b * width];
        int[] kept = new int[b];
        for (int i = 0; i < b; i++) {
            kept[i] = keptPatches[i].length + 1;
            for (int j = 0; j < keptPatches[i].length; j++) {
                positions[i * width + 1 + j] = keptPatches[i][j] + 1L;
            }
        }
        return new TokenSelection(positions, kept, width);
    }

    /**
     * One image: the kept patch slots (0-based among the P patch slots), by ascending significance.
     *
     * @param livePatches the first {@code livePatches} patch slots are in play
     */
    static int[] selectOne(float[] scores, int from, int livePatches, boolean complete, int gridPoints) {
        if (livePatches == 0) {
            return new int[0];
        }
        int[] order = ascending(scores, from, livePatches);
        double[] cdf = new double[livePatches];
        double acc = 0;
        for (int j = 0; j < livePatches; j++) {
            acc += scores[from + order[j]];
            cdf[j] = acc;
        }
        double offset = complete ? cdf[0] : 0;
        double range = Math.max(cdf[livePatches - 1] - offset, TINY);
        double start = Double.NaN;
        for (int j = 0; j < livePatches; j++) {
            cdf[j] = (cdf[j] - offset) / range;
            if (Double.isNaN(start) && cdf[j] > 0) {
                start = cdf[j];
            }
        }
        if (Double.isNaN(start)) {
            return new int[] {order[0]}; // every score is 0: the official argmin falls on the first token
        }
        int[] picked = new int[Math.min(gridPoints, livePatches)];
        int n = 0;
        int last = -1;
        double step = gridPoints > 1 ? (1 - start) / (gridPoints - 1) : 0;
        for (int k = 0; k < gridPoints; k++) {
            int j = nearest(cdf, start + k * step);
            if (j != last) { // picks never decrease: a repeat is always the previous pick
                picked[n++] = order[j];
                last = j;
            }
        }
        return Arrays.copyOf(picked, n);
    }

    /** Patch slots from..from+count−1 by ascending score, ties by slot (scores are non-negative). */
    private static int[] ascending(float[] scores, int from, int count) {
        long[] keys = new long[count];
        for (int j = 0; j < count; j++) {
            keys[j] = ((long) Float.floatToIntBits(Math.max(0f, scores[from + j])) << 32) | j;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int j = 0; j < count; j++) {
            order[j] = (int) keys[j];
        }
        return order;
    }

    /** First index of the value nearest to y in the non-decreasing {@code cdf}; ties go to the lower index. */
    static int nearest(double[] cdf, double y) {
        int lo = 0;
        int hi = cdf.length; // first index with cdf >= y
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < y) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            return 0;
        }
        int below = lo - 1;
        while (below > 0 && cdf[below - 1] == cdf[below]) {
            below--;
        }
        return lo == cdf.length || y - cdf[below] <= cdf[lo] - y ? below : lo;
    }
}
