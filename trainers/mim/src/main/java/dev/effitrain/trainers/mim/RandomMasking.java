package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.index.NDIndex;

/**
 * MAE's per-sample random masking: argsort of uniform noise per sample, the {@code keep} patches
 * with the smallest noise stay visible.
 *
 * @param visible    (B, keep, D) the kept tokens, in shuffled order
 * @param mask       (B, L) float, 1 = removed, 0 = kept, in the original patch order
 * @param idsRestore (B, L) int64, the inverse permutation of {@code idsShuffle}
 * @param idsShuffle (B, L) int64, patch indices sorted by noise
 * @param keep       number of visible patches per sample
 */
public record RandomMasking(NDArray visible, NDArray mask, NDArray idsRestore, NDArray idsShuffle, int keep) {

    /** {@code int(L · (1 − ratio))}, as MAE computes it. */
    public static int keepCount(int patches, double ratio) {
        return (int) (patches * (1 - ratio));
    }

    /**
     * @param x     (B, L, D) patch tokens with their position embeddings
     * @param noise (B, L) values whose per-row order decides which patches stay
     */
    public static RandomMasking apply(NDArray x, NDArray noise, int keep) {
        Shape s = x.getShape();
        if (keep < 1 || keep > s.get(1)) {
            throw new IllegalArgumentException("cannot keep " + keep + " of " + s.get(1) + " patches");
        }
        NDArray idsShuffle = noise.argSort(1, true);
        NDArray idsRestore = idsShuffle.argSort(1, true);
        NDArray idsKeep = idsShuffle.get(new NDIndex(":, :{}", keep));
        NDArray visible = x.gather(expandLast(idsKeep, s.get(2)), 1);
        // MAE: ones, zero the first `keep` in shuffled order, unshuffle; i.e. removed iff rank >= keep
        NDArray mask = idsRestore.gte(keep).toType(DataType.FLOAT32, false);
        return new RandomMasking(visible, mask, idsRestore, idsShuffle, keep);
    }

    /** (B, K) indices → (B, K, d) for gathering whole tokens along axis 1. */
    static NDArray expandLast(NDArray ids, long d) {
        Shape s = ids.getShape();
        return ids.expandDims(2).broadcast(new Shape(s.get(0), s.get(1), d));
    }
}
