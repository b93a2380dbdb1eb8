package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import dev.effitrain.core.model.Autocast;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Scalars;

/**
 * The pre-LN transformer blocks and final norm of a grown model while MSG masks ramp in, reading
 * the same parameters as {@code TransformerBlock}: new residual units, heads and MLP units have
 * their outputs multiplied by m, a new layer computes {@code m·block(x) + (1 − m)·x}, and every
 * LayerNorm takes its statistics with the units weighted by their mask. At m = 0 this is exactly
 * the old model; at m = 1 it is the plain grown model.
 */
final class MaskedStack {
    private final ParamStore ps;
    private final GrowthMask mask;
    private final int heads;
    private final int headDim;
    private final float eps;
    private final double dropout;
    private double m;

    MaskedStack(ParamStore ps, GrowthMask mask, int dModel, int heads, float eps, double dropout) {
        this.ps = ps;
        this.mask = mask;
        this.heads = heads;
        this.headDim = dModel / heads;
        this.eps = eps;
        this.dropout = dropout;
    }

    void ramp(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("mask value must be in [0, 1], got " + value);
        }
        this.m = value;
    }

    double ramp() {
        return m;
    }

    /** Residual-stream producers (embeddings) enter through this: new units scaled by m. */
    NDArray residual(NDArray x) {
        return x.mul(vector(x.getManager(), mask.newResidual()));
    }

    /** A LayerNorm outside the blocks (e.g. {@code tok_embed.norm}), masked like the others. */
    NDArray norm(String prefix, NDArray x) {
        return norm(prefix, x, vector(x.getManager(), mask.newResidual()));
    }

    /** Blocks, then the final norm (B, T, D). */
    NDArray forward(NDArray x, NDArray attnMask, boolean training) {
        NDManager nm = x.getManager();
        NDArray res = vector(nm, mask.newResidual());
        NDArray head = nm.create(GrowthMask.weights(mask.newHeads(), m)).reshape(1, heads, 1, 1);
        NDArray mlp = vector(nm, mask.newMlp());
        for (int i = 0; i < mask.newLayers().length; i++) {
            NDArray y = block("blocks." + i + ".", x, attnMask, res, head, mlp, training);
            x = mask.newLayers()[i] ? x.add(Scalars.mul(y.sub(x), m)) : y;
        }
        return norm("norm", x, res);
    }

    private NDArray block(String p, NDArray x, NDArray attnMask, NDArray res, NDArray head, NDArray mlp, boolean training) {
        NDArray a = attention(p, norm(p + "norm1", x, res), attnMask, head, training).mul(res);
        NDArray h = x.add(dropout(a, training));
        NDArray hidden = Activation.gelu(linear(p + "mlp.fc1", norm(p + "norm2", h, res))).mul(mlp);
        return h.add(dropout(linear(p + "mlp.fc2", hidden).mul(res), training));
    }

    private NDArray attention(String p, NDArray x, NDArray attnMask, NDArray headMask, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        NDList qkv = linear(p + "attn.qkv", x).reshape(b, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4).split(3, 0);
        NDArray q = Scalars.mul(qkv.get(0).squeeze(0), 1.0 / Math.sqrt(headDim));
        NDArray k = qkv.get(1).squeeze(0);
        NDArray v = qkv.get(2).squeeze(0);
        NDArray scores = Autocast.matMul(q, k.transpose(0, 1, 3, 2));
        if (attnMask != null) {
            scores = scores.add(attnMask);
        }
        NDArray weights = scores.softmax(-1);
        if (dropout > 0 && training) {
            weights = Dropout.dropout(weights, (float) dropout, true).head();
        }
        NDArray attended = Autocast.matMul(weights, v).mul(headMask);
        return linear(p + "attn.proj", attended.transpose(0, 2, 1, 3).reshape(b, t, s.get(2)));
    }

    /** LayerNorm whose mean and variance weight each unit by its mask; the output is masked too. */
    private NDArray norm(String p, NDArray x, NDArray w) {
        int last = x.getShape().dimension() - 1;
        NDArray total = w.sum();
        NDArray mean = x.mul(w).sum(new int[] {last}, true).div(total);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mul(w).sum(new int[] {last}, true).div(total);
        NDArray normed = centred.div(var.add(eps).sqrt());
        return normed.mul(ps.get(p + ".weight").array()).add(ps.get(p + ".bias").array()).mul(w);
    }

    private NDArray linear(String p, NDArray x) {
        return Autocast.linear(x, ps.get(p + ".weight").array(), ps.get(p + ".bias").array());
    }

    private NDArray dropout(NDArray y, boolean training) {
        return dropout > 0 && training ? Dropout.dropout(y, (float) dropout, true).head() : y;
    }

    private NDArray vector(NDManager nm, boolean[] isNew) {
        return nm.create(GrowthMask.weights(isNew, m));
    }
}
