package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * ATS significance scores: S_j = Σ_h A[h, CLS, j] · ||V_j|| over the patch tokens j, normalised
 * to sum to 1, where V_j is token j's value with all heads concatenated (official
 * {@code score_assignment_step}).
 */
public final class SignificanceScores {
    private static final float TINY = 1e-12f;

    private SignificanceScores() {
    }

    /**
     * @param clsWeights the CLS query's attention weights (B, H, 1, N); zero on masked keys
     * @param values     (B, H, N, D)
     * @return (B, N − 1) scores of the patch tokens, non-negative, each row summing to 1; no gradient
     */
    public static NDArray of(NDArray clsWeights, NDArray values) {
        Shape v = values.getShape();
        long b = v.get(0);
        long h = v.get(1);
        long n = v.get(2);
        NDArray attention = clsWeights.stopGradient().reshape(b, h, n).sum(new int[] {1});
        NDArray valueNorms = values.stopGradient().square().sum(new int[] {1, 3}).sqrt();
        NDArray s = attention.mul(valueNorms).get(new NDIndex(":, 1:"));
        return s.div(s.sum(new int[] {1}, true).maximum(TINY));
    }
}
