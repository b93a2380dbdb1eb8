package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Attention;
import java.util.Arrays;

/**
 * The token sequence between blocks of an ATS ViT. Each image's live tokens fill its first
 * {@code kept[b]} slots (CLS in slot 0); the slots after them, up to the batch's width, are empty.
 */
public final class TokenState {
    private final NDArray tokens;
    private final NDArray origin;
    private final int[] kept;
    private final int fullTokens;
    private final NDArray policy;
    private final NDArray keyMask;

    private TokenState(NDArray tokens, NDArray origin, int[] kept, int fullTokens) {
        this.origin = origin;
        this.kept = kept;
        this.fullTokens = fullTokens;
        int width = (int) tokens.getShape().get(1);
        if (Arrays.stream(kept).allMatch(k -> k == width)) {
            this.policy = null;
            this.keyMask = null;
            this.tokens = tokens;
        } else {
            NDManager m = tokens.getManager();
            float[] live = new float[kept.length * width];
            float[] mask = new float[kept.length * width];
            for (int b = 0; b < kept.length; b++) {
                Arrays.fill(live, b * width, b * width + kept[b], 1f);
                Arrays.fill(mask, b * width + kept[b], (b + 1) * width, Attention.MASKED);
            }
            this.policy = m.create(live, new Shape(kept.length, width));
            this.keyMask = m.create(mask, new Shape(kept.length, 1, 1, width));
            this.tokens = tokens.mul(policy.expandDims(2));
        }
    }

    /** The full sequence of a fresh batch. */
    public static TokenState initial(NDArray tokens) {
        Shape s = tokens.getShape();
        int b = (int) s.get(0);
        int n = (int) s.get(1);
        NDArray origin = tokens.getManager().arange(0, n, 1, DataType.INT64).reshape(1, n).broadcast(b, n);
        int[] kept = new int[b];
        Arrays.fill(kept, n);
        return new TokenState(tokens, origin, kept, n);
    }

    /**
     * A state with some empty slots (for tests).
     *
     * @param origin (B, W) int64 index of each slot in the full [CLS, patches] sequence
     */
    public static TokenState of(NDArray tokens, NDArray origin, int[] kept, int fullTokens) {
        return new TokenState(tokens, origin, kept, fullTokens);
    }

    /** (B, W, C), CLS in slot 0; empty slots are zero. */
    public NDArray tokens() {
        return tokens;
    }

    /** (B, W) int64: each slot's index in the full [CLS, patches] sequence. */
    public NDArray origin() {
        return origin;
    }

    /** Live tokens per image, CLS included. */
    public int[] kept() {
        return kept;
    }

    /** Tokens per image before any sampling (patches + CLS). */
    public int fullTokens() {
        return fullTokens;
    }

    /** (B, W) 1 for live slots, 0 for empty ones; null when every slot is live. */
    public NDArray policy() {
        return policy;
    }

    /** Additive key mask (B, 1, 1, W) that hides empty slots, or null. */
    public NDArray keyMask() {
        return keyMask;
    }

    /** Slots per image (the batch's widest image). */
    public int width() {
        return (int) tokens.getShape().get(1);
    }

    /** The same slots after a block that keeps every token. */
    public TokenState withTokens(NDArray next) {
        return new TokenState(next, origin, kept, fullTokens);
    }

    /** The state after an ATS stage kept {@code selection} and computed {@code next} for its slots. */
    public TokenState sampled(NDArray next, TokenSelection selection, NDArray positions) {
        return new TokenState(next, origin.gather(positions, 1), selection.kept(), fullTokens);
    }

    /** Live patch tokens of image {@code i} as indices 0..P−1 of the image's patch grid. */
    public int[] livePatches(int i) {
        long[] o = origin.get(new NDIndex("{}, 1:", i)).toLongArray();
        int[] out = new int[kept[i] - 1];
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) o[j] - 1;
        }
        return out;
    }
}
