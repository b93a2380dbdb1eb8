package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Attention;
import java.util.Arrays;

/**
 * The token sequence between blocks of an ATS ViT.
 *
 * @param tokens     (B, W, C), CLS in slot 0
 * @param policy     (B, W) 1 for live tokens, 0 for empty slots; null when every slot is live
 * @param origin     (B, W) int64: each slot's index in the full [CLS, patches] sequence
 * @param kept       live tokens per image, CLS included
 * @param fullTokens tokens per image before any sampling (patches + CLS)
 */
public record TokenState(NDArray tokens, NDArray policy, NDArray origin, int[] kept, int fullTokens) {

    /** The full sequence of a fresh batch. */
    public static TokenState initial(NDArray tokens) {
        Shape s = tokens.getShape();
        int b = (int) s.get(0);
        int n = (int) s.get(1);
        NDArray origin = tokens.getManager().arange(0, n, 1, DataType.INT64).reshape(1, n).broadcast(b, n);
        int[] kept = new int[b];
        Arrays.fill(kept, n);
        return new TokenState(tokens, null, origin, kept, n);
    }

    /** Additive key mask (B, 1, 1, W) that hides empty slots, or null. */
    public NDArray keyMask() {
        if (policy == null) {
            return null;
        }
        Shape s = policy.getShape();
        return policy.neg().add(1f).mul(Attention.MASKED).reshape(s.get(0), 1, 1, s.get(1));
    }

    /** (B, 1): 1 for images that still have all of their tokens. */
    public NDArray complete(NDManager manager) {
        float[] c = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            c[i] = kept[i] == fullTokens ? 1f : 0f;
        }
        return manager.create(c, new Shape(kept.length, 1));
    }

    /** The same slots after a block that keeps every token: empty slots stay zero. */
    public TokenState withTokens(NDArray next) {
        return new TokenState(policy == null ? next : next.mul(policy.expandDims(2)), policy, origin, kept, fullTokens);
    }

    /** The state after an ATS stage kept {@code selection} and computed {@code next} for its slots. */
    public TokenState sampled(NDArray next, TokenSelection selection) {
        int width = selection.width();
        boolean full = Arrays.stream(selection.kept()).allMatch(k -> k == width);
        NDArray nextPolicy = full ? null : selection.policy();
        NDArray nextOrigin = origin.gather(selection.positions(), 1);
        NDArray masked = nextPolicy == null ? next : next.mul(nextPolicy.expandDims(2));
        return new TokenState(masked, nextPolicy, nextOrigin, selection.kept(), fullTokens);
    }

    /** Slots per image (the batch's widest image). */
    public int width() {
        return (int) tokens.getShape().get(1);
    }

    /** Patch tokens of image {@code i} that are live, as indices 0..P−1 of the image's patch grid. */
    public int[] livePatches(int i) {
        long[] o = origin.get(new NDIndex("{}, 1:", i)).toLongArray();
        int live = kept[i] - 1;
        int[] out = new int[live];
        for (int j = 0; j < live; j++) {
            out[j] = (int) o[j] - 1;
        }
        return out;
    }
}
