package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.effitrain.core.model.Autocast;
import dev.effitrain.core.model.Attention;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;

/**
 * A GPT (the parameters a {@code Gpt} of {@code spec} owns) computed with MSG growth masks:
 * embeddings enter the residual stream through the mask, blocks and final norm are masked
 * ({@link MaskedStack}), the head is the usual one. Used while a masked growth ramps in.
 */
public final class MaskedGpt implements Ramped {
    private final ParamStore ps;
    private final GptSpec spec;
    private final MaskedStack stack;
    private NDArray causal;

    public MaskedGpt(ParamStore ps, GptSpec spec, GrowthMask mask) {
        if (mask.newLayers().length != spec.layers() || mask.newResidual().length != spec.dModel()) {
            throw new IllegalArgumentException("mask does not fit the model");
        }
        this.ps = ps;
        this.spec = spec;
        this.stack = new MaskedStack(ps, mask, spec.dModel(), spec.heads(), 1e-5f, spec.dropout());
    }

    @Override
    public void ramp(double m) {
        stack.ramp(m);
    }

    @Override
    public double ramp() {
        return stack.ramp();
    }

    public GptSpec spec() {
        return spec;
    }

    /** ids (B, T) → logits (B, T, V). */
    public NDArray logits(NDArray ids, boolean training) {
        long t = ids.getShape().get(1);
        NDArray idx = ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
        NDArray tok = ps.get("tok_embed.weight").array();
        NDArray tokens = Embedding.embedding(idx, tok, SparseFormat.DENSE).head();
        if (ps.contains("tok_embed.norm.weight")) {
            tokens = stack.norm("tok_embed.norm", tokens);
        }
        NDArray x = tokens.add(ps.get("pos_embed.weight").array().get(new NDIndex("0:{}", t)));
        x = stack.forward(stack.residual(x), causalMask(t), training);
        NDArray head = spec.tieEmbeddings() ? tok : ps.get("head.weight").array();
        return Autocast.linear(x, head, null);
    }

    public NDArray loss(NDArray ids, NDArray targets, boolean training) {
        return Losses.crossEntropy(logits(ids, training), targets);
    }

    private NDArray causalMask(long t) {
        if (causal == null || causal.getShape().get(2) != t) {
            NDManager m = ps.manager();
            try (NDScope scope = new NDScope()) {
                NDArray pos = m.arange(t);
                NDArray mask = pos.expandDims(0).gt(pos.expandDims(1)).toType(DataType.FLOAT32, false)
                        .mul(Attention.MASKED).reshape(1, 1, t, t);
                NDScope.unregister(mask);
                causal = mask;
            }
        }
        return causal;
    }
}
