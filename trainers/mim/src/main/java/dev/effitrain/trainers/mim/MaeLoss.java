package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;

/** MAE's reconstruction targets and loss (mean squared error per patch, averaged over removed patches). */
public final class MaeLoss {
    /** Added to the per-patch variance before the square root, as MAE does. */
    public static final float NORM_PIX_EPS = 1e-6f;

    private MaeLoss() {
    }

    /** Patchified images (B, L, p·p·C); with {@code normPix}, each patch standardised by its own mean and unbiased variance. */
    public static NDArray targets(NDArray images, int patchSize, boolean normPix) {
        NDArray t = MaePatches.patchify(images, patchSize);
        return normPix ? normalizePatches(t) : t;
    }

    public static NDArray normalizePatches(NDArray patches) {
        NDArray centered = patches.sub(patches.mean(new int[] {2}, true));
        return centered.div(unbiasedVariance(patches, centered).add(NORM_PIX_EPS).sqrt());
    }

    /** Undoes {@link #normalizePatches} with the statistics of {@code reference} (for pictures). */
    public static NDArray denormalizePatches(NDArray normalized, NDArray reference) {
        NDArray mean = reference.mean(new int[] {2}, true);
        NDArray centered = reference.sub(mean);
        return normalized.mul(unbiasedVariance(reference, centered).add(NORM_PIX_EPS).sqrt()).add(mean);
    }

    private static NDArray unbiasedVariance(NDArray patches, NDArray centered) {
        long n = patches.getShape().get(2);
        return centered.square().sum(new int[] {2}, true).div(n - 1);
    }

    /**
     * @param pred   (B, L, P) predictions
     * @param target (B, L, P)
     * @param mask   (B, L) 1 where the patch was removed; those patches alone count
     */
    public static NDArray maskedMse(NDArray pred, NDArray target, NDArray mask) {
        NDArray perPatch = pred.sub(target).square().mean(new int[] {2});
        return perPatch.mul(mask).sum().div(mask.sum());
    }

    /** Mean squared error over every patch: the loss when nothing is masked (mask ratio 0). */
    public static NDArray mse(NDArray pred, NDArray target) {
        return pred.sub(target).square().mean();
    }
}
