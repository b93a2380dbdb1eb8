package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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
        TokenSelection selection = select(scores.toFloatArray(), in);
        NDArray positions = selection.positionsArray(x.getManager());
        NDArray rows = flatRows(positions, in.width());
        NDArray queries = gatherQueryRows(p.queries(), rows, selection.width());
        NDArray out = attn.output(attn.weights(queries, p.keys(), mask), p.values(), training);
        NDArray next = block.finish(gatherRows(x, rows, selection.width()), out, training);
        return in.sampled(next, selection, positions);
    }

    /** Which tokens this stage keeps, given the patch scores (B × P) of {@code in}'s slots. */
    public TokenSelection select(float[] scores, TokenState in) {
        return InverseTransformSampler.select(scores, in.kept(), in.fullTokens(), TokenBudget.gridPoints(tokens), compact);
    }

    /** positions (B, R) into a width-W sequence → flat row indices b·W + position (B·R). */
    private static NDArray flatRows(NDArray positions, int width) {
        long b = positions.getShape().get(0);
        NDArray base = positions.getManager().arange(0, (int) b, 1, DataType.INT64).mul(width).reshape(b, 1);
        return positions.add(base).reshape(-1);
    }

    /** Rows of (B, W, C) at flat row indices → (B, R, C); a row copy, cheaper than gather on a strided view. */
    private static NDArray gatherRows(NDArray x, NDArray rows, int r) {
        Shape s = x.getShape();
        return x.reshape(s.get(0) * s.get(1), s.get(2)).get(new NDIndex("{}", rows)).reshape(s.get(0), r, s.get(2));
    }

    /** Query rows of (B, H, W, D) at flat row indices → (B, H, R, D). */
    private static NDArray gatherQueryRows(NDArray q, NDArray rows, int r) {
        Shape s = q.getShape();
        NDArray byToken = q.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
        return gatherRows(byToken, rows, r).reshape(s.get(0), r, s.get(1), s.get(3)).transpose(0, 2, 1, 3);
    }
}
