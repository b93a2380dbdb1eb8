package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * Multi-head self-attention with a fused qkv projection ({@code attn.qkv}, {@code attn.proj}).
 * Masks are additive and broadcast to (B, H, T, T): 0 where attention is allowed, a large
 * negative number where it is not (a causal mask, or a per-key keep mask for token sampling).
 */
public final class Attention {

    /** Value added to disallowed scores; finite so a fully masked row stays finite. */
    public static final float MASKED = -1e9f;

    private final Linear qkv;
    private final Linear proj;
    private final int heads;
    private final int headDim;
    private final float scale;
    private final double dropout;
    private final LayerNormLayer qNorm;   // null unless qk_norm
    private final LayerNormLayer kNorm;
    private ForwardProbe probe = ForwardProbe.OFF;

    public Attention(ParamStore ps, String name, BlockSpec spec) {
        int dim = spec.dim();
        this.qkv = new Linear(ps, name + ".qkv", dim, 3 * dim, true, spec.weightInit(ps.manager(), false));
        this.proj = new Linear(ps, name + ".proj", dim, dim, true, spec.weightInit(ps.manager(), true));
        this.heads = spec.heads();
        this.headDim = dim / heads;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.dropout = spec.dropout();
        // one LayerNorm over the head dimension, shared by the heads (timm's q_norm / k_norm)
        this.qNorm = spec.qkNorm() ? new LayerNormLayer(ps, name + ".q_norm", headDim, spec.lnEps()) : null;
        this.kNorm = spec.qkNorm() ? new LayerNormLayer(ps, name + ".k_norm", headDim, spec.lnEps()) : null;
    }

    /** Where this attention reports its largest logit while the probe is armed. */
    public void observe(ForwardProbe probe) {
        this.probe = probe;
    }

    /** What attention computed, for callers that need more than the output (token sampling). */
    public record Output(NDArray out, NDArray weights, NDArray values) {
    }

    public NDArray forward(NDArray x, NDArray additiveMask, boolean training) {
        return forwardDetailed(x, additiveMask, training).out();
    }

    /**
     * @param x            (B, T, C)
     * @param additiveMask broadcastable to (B, H, T, T), or null
     * @return output (B, T, C), attention weights (B, H, T, T) and values (B, H, T, D)
     */
    public Output forwardDetailed(NDArray x, NDArray additiveMask, boolean training) {
        Projections p = project(x);
        NDArray weights = weights(p.queries(), p.keys(), additiveMask);
        return new Output(output(weights, p.values(), training), weights, p.values());
    }

    /** Queries (already scaled by 1/√d), keys and values, each (B, H, T, D). */
    public record Projections(NDArray queries, NDArray keys, NDArray values) {
    }

    /**
     * The qkv projection alone, for callers that compute attention for a subset of query rows
     * (token samplers): {@link #weights} then {@link #output} on the rows they keep.
     */
    public Projections project(NDArray x) {
        if (qNorm == null) {
            NDList qkvParts = qkv.forwardSplit(x, scale, 1f, 1f);
            return new Projections(asHeads(qkvParts.get(0)), asHeads(qkvParts.get(1)), asHeads(qkvParts.get(2)));
        }
        // the norm sees the raw queries, so 1/√d is applied after it rather than folded into the weights
        NDList qkvParts = qkv.forwardSplit(x, 1f, 1f, 1f);
        NDArray queries = Scalars.mul(qNorm.forward(asHeads(qkvParts.get(0))), scale);
        return new Projections(queries, kNorm.forward(asHeads(qkvParts.get(1))), asHeads(qkvParts.get(2)));
    }

    /** (B, T, C) as (B, H, T, D). */
    private NDArray asHeads(NDArray part) {
        Shape s = part.getShape();
        return part.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /**
     * Softmax attention weights of some query rows over all keys.
     *
     * @param queries      (B, H, R, D) from {@link #project}, any R
     * @param keys         (B, H, T, D)
     * @param additiveMask broadcastable to (B, H, R, T), or null
     * @return (B, H, R, T)
     */
    public NDArray weights(NDArray queries, NDArray keys, NDArray additiveMask) {
        NDArray scores = Autocast.matMul(queries, keys.transpose(0, 1, 3, 2));
        probe.attentionScores(scores, additiveMask);
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        return scores.softmax(-1);
    }

    /** proj(dropout(weights) · values): (B, H, R, T) weights and (B, H, T, D) values give (B, R, C). */
    public NDArray output(NDArray weights, NDArray values, boolean training) {
        NDArray w = dropout > 0 && training ? Dropout.dropout(weights, (float) dropout, true).head() : weights;
        NDArray attended = Autocast.matMul(w, values);
        Shape s = attended.getShape();
        return proj.forward(attended.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), (long) heads * headDim));
    }

    public int heads() {
        return heads;
    }
}
