package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Deterministic inverse-transform sampling of tokens from their significance scores, as the
 * official {@code inverse_transform_sampling}: sort the scores ascending, take the CDF, min-max
 * normalise it, place a fixed uniform grid from the smallest positive CDF value to 1, pick for each
 * grid point the token with the nearest CDF value, and drop duplicate picks.
 *
 * <p>Where the official code is batch-dependent we follow what it computes without token
 * dropping, so that compaction changes nothing: the CDF's offset c₀ is the smallest score only for
 * an image that still has all its tokens; an image that lost tokens in an earlier stage has them
 * as zero-score tokens in the official sequence, so its offset is 0.
 */
public final class InverseTransformSampler {
    private static final float TINY = 1e-12f;
    /** Added to the smallest CDF value search where the CDF is 0 (the official 1e8). */
    private static final float NOT_POSITIVE = 1e8f;
    /** Moves tokens that are no longer alive beyond every grid point, so they are never picked. */
    private static final float DEAD = 1e9f;

    private InverseTransformSampler() {
    }

    /**
     * @param scores     (B, P) significance scores of the patch tokens (see {@link SignificanceScores})
     * @param alive      (B, P + 1) 1 for tokens still in play, 0 for empty slots; null when all are
     * @param complete   (B, 1) 1 where the image still has all of its tokens, else 0
     * @param gridPoints grid size, at least 1 ({@link TokenBudget#gridPoints})
     * @param compact    true: width = the largest kept count in the batch; false: width = P + 1
     */
    public static TokenSelection select(NDArray scores, NDArray alive, NDArray complete, int gridPoints,
                                        boolean compact) {
        NDManager m = scores.getManager();
        long b = scores.getShape().get(0);
        long p = scores.getShape().get(1);
        NDArray order = scores.argSort(1, true);
        NDArray cdf = scores.gather(order, 1).cumSum(1);
        NDArray offset = cdf.get(new NDIndex(":, 0:1")).mul(complete);
        NDArray range = cdf.get(new NDIndex(":, -1:")).sub(offset).maximum(TINY);
        NDArray normalized = cdf.sub(offset).div(range);

        NDArray start = normalized.add(normalized.eq(0).toType(DataType.FLOAT32, false).mul(NOT_POSITIVE))
                .min(new int[] {1}, true);
        NDArray steps = m.arange(0f, (float) gridPoints).reshape(1, gridPoints);
        NDArray grid = start.add(steps.mul(start.neg().add(1f)).div((float) Math.max(1, gridPoints - 1)));

        NDArray targets = normalized;
        if (alive != null) {
            NDArray aliveSorted = alive.get(new NDIndex(":, 1:")).gather(order, 1);
            targets = normalized.add(aliveSorted.neg().add(1f).mul(DEAD));
        }
        NDArray picks = grid.expandDims(2).sub(targets.expandDims(1)).abs().argMin(2);
        NDArray unique = uniqueFirst(picks, p);

        long[] counts = unique.lt(p).toType(DataType.INT64, false).sum(new int[] {1}).toLongArray();
        int maxKept = 0;
        int[] kept = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            kept[i] = (int) counts[i] + 1;
            maxKept = Math.max(maxKept, (int) counts[i]);
        }
        NDArray slots = fitWidth(unique, compact ? maxKept : (int) p, p);
        NDArray keep = slots.lt(p);
        NDArray keepLong = keep.toType(DataType.INT64, false);
        NDArray patch = order.gather(slots.mul(keepLong), 1);
        NDArray positions = NDArrays.concat(new NDList(m.zeros(new Shape(b, 1), DataType.INT64),
                patch.add(1).mul(keepLong)), 1);
        NDArray policy = NDArrays.concat(new NDList(m.ones(new Shape(b, 1)), keep.toType(DataType.FLOAT32, false)), 1);
        return new TokenSelection(positions, policy, kept);
    }

    /**
     * Sorted picks with every repeat replaced by the sentinel {@code p} and sorted again: the
     * distinct picks come first, in ascending order (= ascending significance), sentinels last.
     */
    static NDArray uniqueFirst(NDArray picks, long p) {
        NDManager m = picks.getManager();
        long b = picks.getShape().get(0);
        NDArray sorted = picks.sort(1);
        NDArray next = NDArrays.concat(new NDList(sorted.get(new NDIndex(":, 1:")),
                m.full(new Shape(b, 1), -1f, DataType.INT64)), 1);
        NDArray repeat = sorted.eq(next).toType(DataType.INT64, false);
        return sorted.add(repeat.mul(sorted.neg().add(p))).sort(1);
    }

    /** The first {@code width} slots, padded with sentinels when there are fewer grid points. */
    private static NDArray fitWidth(NDArray unique, int width, long sentinel) {
        long have = unique.getShape().get(1);
        if (have >= width) {
            return unique.get(new NDIndex(":, 0:" + width));
        }
        long b = unique.getShape().get(0);
        NDArray pad = unique.getManager().full(new Shape(b, width - have), (float) sentinel, DataType.INT64);
        return NDArrays.concat(new NDList(unique, pad), 1);
    }
}
