package dev.effitrain.trainers.ats;

/**
 * Turns a recipe's K (a count or a ratio) into the number of tokens an ATS stage may keep.
 *
 * <p>The clamps follow the official {@code AdaptiveTokenSampler.forward}, in its order, with one
 * change: the official code measures against the stage's current token count N, which after token
 * dropping is the largest kept count in the batch; we measure against the image's full token count
 * (patches + CLS), so an image's selection never depends on the other images in its batch.
 */
public final class TokenBudget {
    /** The official lower clamp on the number of sampled tokens. */
    public static final int MIN_TOKENS = 8;

    private TokenBudget() {
    }

    /** @param fullTokens patches + CLS of one image */
    public static int tokens(double k, int fullTokens) {
        double t = k;
        if (t > fullTokens) {
            t = fullTokens;
        }
        if (t <= 1) {
            t *= fullTokens;
        }
        if (t < MIN_TOKENS) {
            t = MIN_TOKENS;
        }
        int rounded = (int) Math.rint(t); // Python's round: half to even
        return Math.min(rounded, fullTokens);
    }

    /**
     * Points on the inverse-transform grid: K − 1, one per patch token the stage may keep. With
     * K = the full token count this is the official grid (n_ref − 1 points).
     */
    public static int gridPoints(int tokens) {
        return tokens - 1;
    }
}
