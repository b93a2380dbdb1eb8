package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT decoder: token + learned position embeddings, pre-LN blocks with causal attention, final
 * LayerNorm, LM head (tied to the token embedding by default). Initialisation follows GPT-2 /
 * nanoGPT: N(0, 0.02) everywhere, N(0, 0.02/√(2L)) for the projections into the residual stream.
 * Parameter names: {@code tok_embed.weight}, {@code pos_embed.weight}, {@code blocks.i.…},
 * {@code norm.weight}, {@code head.weight} (untied only).
 */
public final class Gpt {
    private static final double STD = 0.02;

    private final GptSpec spec;
    private final ParamStore ps;
    private final Param tokEmbed;
    private final LayerNormLayer embedNorm;
    private final Param posEmbed;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNormLayer norm;
    private final Linear head;
    private final Map<Long, NDArray> causalMasks = new HashMap<>();
    private ForwardProbe probe = ForwardProbe.OFF;

    public Gpt(ParamStore ps, GptSpec spec) {
        this.spec = spec;
        this.ps = ps;
        NDManager m = ps.manager();
        this.tokEmbed = ps.create("tok_embed.weight", Param.Kind.EMBEDDING,
                new Shape(spec.vocabSize(), spec.dModel()), spec.stableEmbedding() ? Init.xavierUniform(m) : Init.normal(m, STD));
        if (spec.stableEmbedding()) {
            // bitsandbytes' StableEmbedding: Xavier-uniform init, LayerNorm on the lookup, fp32 optimizer state
            tokEmbed.keepFullPrecisionState();
            this.embedNorm = new LayerNormLayer(ps, "tok_embed.norm", spec.dModel(), 1e-5f);
            ps.get("tok_embed.norm.weight").keepFullPrecisionState();
            ps.get("tok_embed.norm.bias").keepFullPrecisionState();
        } else {
            this.embedNorm = null;
        }
        this.posEmbed = ps.create("pos_embed.weight", Param.Kind.EMBEDDING,
                new Shape(spec.seqLen(), spec.dModel()), Init.normal(m, STD));
        BlockSpec block = BlockSpec.gpt(spec.dModel(), spec.heads(), spec.mlpHidden(), spec.dropout(), spec.layers())
                .withQkNorm(spec.qkNorm());
        for (int i = 0; i < spec.layers(); i++) {
            blocks.add(new TransformerBlock(ps, "blocks." + i, block));
        }
        this.norm = new LayerNormLayer(ps, "norm", spec.dModel(), block.lnEps());
        this.head = spec.tieEmbeddings() ? null : new Linear(ps, "head", spec.dModel(), spec.vocabSize(), false, STD);
    }

    public GptSpec spec() {
        return spec;
    }

    public ParamStore params() {
        return ps;
    }

    /** Reports attention logits and output-logit RMS to {@code probe} while it is armed. */
    public void observe(ForwardProbe probe) {
        this.probe = probe;
        blocks.forEach(b -> b.attention().observe(probe));
    }

    /** ids (B, T) integer → logits (B, T, V). */
    public NDArray logits(NDArray ids, boolean training) {
        long t = ids.getShape().get(1);
        if (t > spec.seqLen()) {
            throw new IllegalArgumentException("sequence of " + t + " tokens exceeds seq_len " + spec.seqLen());
        }
        NDArray idx = ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
        NDArray tokens = Embedding.embedding(idx, tokEmbed.array(), SparseFormat.DENSE).head();
        if (embedNorm != null) {
            tokens = embedNorm.forward(tokens);
        }
        NDArray x = tokens.add(posEmbed.array().get(new NDIndex("0:{}", t)));
        NDArray mask = causalMask(t);
        for (TransformerBlock block : blocks) {
            x = block.forward(x, mask, training);
        }
        x = norm.forward(x);
        NDArray logits = head == null
                ? Autocast.linear(x, tokEmbed.array(), null)
                : head.forward(x);
        probe.logits(logits);
        return logits;
    }

    /** Mean next-token cross-entropy of logits(ids) against targets (B, T). */
    public NDArray loss(NDArray ids, NDArray targets, boolean training) {
        return loss(ids, targets, training, 0);
    }

    /** The cross-entropy plus {@code zLoss} · mean(log²Z) ({@link ZLoss}; 0: the cross-entropy alone). */
    public NDArray loss(NDArray ids, NDArray targets, boolean training, double zLoss) {
        NDArray logits = logits(ids, training);
        return ZLoss.add(Losses.crossEntropy(logits, targets), logits, zLoss);
    }

    /** (1, 1, T, T) additive mask: position i may attend to j ≤ i. Cached per length, outside any scope. */
    private NDArray causalMask(long t) {
        return causalMasks.computeIfAbsent(t, len -> {
            NDManager m = ps.manager();
            try (NDScope scope = new NDScope()) {
                NDArray pos = m.arange(len);
                NDArray future = pos.expandDims(0).gt(pos.expandDims(1));
                NDArray mask = future.toType(DataType.FLOAT32, false).mul(Attention.MASKED).reshape(1, 1, len, len);
                NDScope.unregister(mask);
                return mask;
            }
        });
    }
}
