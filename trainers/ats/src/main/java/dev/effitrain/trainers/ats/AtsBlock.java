package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Attention;
import dev.effitrain.core.model.TransformerBlock;

/**
 * A transformer block with adaptive token sampling (official {@code ATSBlock}): score the tokens
 * from the CLS attention row and the value norms, sample the ones to keep, and compute attention
 * only for their query rows, over every key and value of the input. Residual and MLP then run on
 * the kept tokens alone.
 */
public final class AtsBlock {
    private final TransformerBlock block;
    private final int tokens;
    private final boolean compact;

    /**
     * @param tokens  K: the most tokens this stage keeps, CLS included ({@link TokenBudget#tokens})
     * @param compact drop empty slots beyond the batch's largest kept count
     */
    public AtsBlock(TransformerBlock block, int tokens, boolean compact) {
        this.block = block;
        this.tokens = tokens;
        this.compact = compact;
    }

    public int tokens() {
        return tokens;
    }

    public TokenState forward(TokenState in, boolean training) {
        Attention attn = block.attention();
        NDArray x = in.tokens();
        NDArray mask = in.keyMask();
        Attention.Projections p = attn.project(block.attentionInput(x));
        NDArray clsQuery = p.queries().get(new NDIndex(":, :, 0:1, :"));
        NDArray scores = SignificanceScores.of(attn.weights(clsQuery, p.keys(), mask), p.values());
        TokenSelection selection = select(scores, in);
        NDArray queries = gatherSlots(p.queries(), selection.positions(), 2);
        NDArray out = attn.output(attn.weights(queries, p.keys(), mask), p.values(), training);
        NDArray next = block.finish(gatherSlots(x, selection.positions(), 1), out, training);
        return in.sampled(next, selection);
    }

    /** The selection alone (for tests and pictures): which tokens this stage keeps for {@code scores}. */
    public TokenSelection select(NDArray scores, TokenState in) {
        return InverseTransformSampler.select(scores, in.policy(), in.complete(scores.getManager()),
                TokenBudget.gridPoints(tokens), compact);
    }

    /** Picks slots {@code positions} (B, R) along {@code axis} of a (B, …) array; other axes stay whole. */
    static NDArray gatherSlots(NDArray a, NDArray positions, int axis) {
        Shape s = a.getShape();
        long[] dims = s.getShape();
        long[] viewShape = new long[dims.length];
        java.util.Arrays.fill(viewShape, 1);
        viewShape[0] = dims[0];
        viewShape[axis] = positions.getShape().get(1);
        long[] target = dims.clone();
        target[axis] = viewShape[axis];
        return a.gather(positions.reshape(viewShape).broadcast(target), axis);
    }
}
