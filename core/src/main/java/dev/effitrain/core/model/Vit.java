package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Vision transformer (timm/MAE parameter names): {@code patch_embed.proj} over flattened p×p
 * patches (weight kept as (D, C, p, p) like the Conv2d it replaces), {@code cls_token},
 * {@code pos_embed} (learned, or fixed 2-D sin-cos with a zero CLS row), pre-LN blocks without a
 * causal mask, final {@code norm}, and a classification {@code head} on CLS or the patch mean.
 */
public final class Vit {
    private final VitSpec spec;
    private final ParamStore ps;
    private final Param patchWeight;
    private final Param patchBias;
    private final Param clsToken;
    private final Param posEmbedParam;
    private final NDArray fixedPosEmbed;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private ForwardProbe probe = ForwardProbe.OFF;
    private final LayerNormLayer norm;
    private final Linear head;

    public Vit(ParamStore ps, VitSpec spec) {
        if (spec.imageSize() % spec.patchSize() != 0) {
            throw new IllegalArgumentException("patch_size " + spec.patchSize() + " does not divide image_size " + spec.imageSize());
        }
        this.spec = spec;
        this.ps = ps;
        NDManager m = ps.manager();
        int d = spec.dModel();
        this.patchWeight = ps.create("patch_embed.proj.weight", Param.Kind.WEIGHT,
                new Shape(d, spec.channels(), spec.patchSize(), spec.patchSize()), Init.xavierUniform(m));
        this.patchBias = ps.create("patch_embed.proj.bias", Param.Kind.BIAS, new Shape(d), Init.zeros(m));
        this.clsToken = ps.create("cls_token", Param.Kind.EMBEDDING, new Shape(1, 1, d), Init.normal(m, 0.02));
        Shape posShape = new Shape(1, spec.numPatches() + 1, d);
        if (spec.learnedPos()) {
            this.posEmbedParam = ps.create("pos_embed", Param.Kind.EMBEDDING, posShape, Init.normal(m, 0.02));
            this.fixedPosEmbed = null;
        } else {
            this.posEmbedParam = null;
            NDArray table = m.create(SinCosPosEmbed.table(d, spec.grid(), true), posShape);
            NDScope.unregister(table);
            this.fixedPosEmbed = table;
        }
        BlockSpec block = BlockSpec.vit(d, spec.heads(), spec.mlpHidden(), spec.dropout()).withQkNorm(spec.qkNorm());
        for (int i = 0; i < spec.layers(); i++) {
            blocks.add(new TransformerBlock(ps, "blocks." + i, block));
        }
        this.norm = new LayerNormLayer(ps, "norm", d, block.lnEps());
        this.head = new Linear(ps, "head", d, spec.numClasses(), true, Init.xavierUniform(m));
    }

    public VitSpec spec() {
        return spec;
    }

    public ParamStore params() {
        return ps;
    }

    public List<TransformerBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * (B, C, H, W) → (B, L, C·p·p) patches in row-major patch order, each flattened in (c, i, j)
     * order so that the linear patch embedding equals a stride-p convolution.
     */
    public static NDArray patchify(NDArray images, int p) {
        Shape s = images.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / p;
        long w = s.get(3) / p;
        return images.reshape(b, c, h, p, w, p).transpose(0, 2, 4, 1, 3, 5).reshape(b, h * w, c * p * p);
    }

    /** Patch tokens with position embeddings added (B, L, D); no CLS. */
    public NDArray embedPatches(NDArray images) {
        NDArray patches = patchify(images, spec.patchSize());
        NDArray w = patchWeight.array().reshape(spec.dModel(), spec.patchDim());
        NDArray x = Autocast.linear(patches, w, patchBias.array());
        return x.add(posEmbed().get(new NDIndex(":, 1:, :")));
    }

    /** CLS token plus its position embedding, broadcast to the batch: (B, 1, D). */
    public NDArray clsTokens(long batch) {
        NDArray cls = clsToken.array().add(posEmbed().get(new NDIndex(":, 0:1, :")));
        return cls.broadcast(new Shape(batch, 1, spec.dModel()));
    }

    /** (1, L+1, D): the learned parameter or the fixed sin-cos table. */
    public NDArray posEmbed() {
        return posEmbedParam != null ? posEmbedParam.array() : fixedPosEmbed;
    }

    /** Full token sequence [CLS, patches] before the blocks: (B, L+1, D). */
    public NDArray tokens(NDArray images) {
        NDArray patches = embedPatches(images);
        return NDArrays.concat(new NDList(clsTokens(patches.getShape().get(0)), patches), 1);
    }

    /** Encoder output after the final LayerNorm: (B, N, D). */
    public NDArray encode(NDArray tokens, boolean training) {
        NDArray x = tokens;
        for (TransformerBlock b : blocks) {
            x = b.forward(x, null, training);
        }
        return norm.forward(x);
    }

    /** Pooled feature per image: CLS token, or mean of the patch tokens. */
    public NDArray pool(NDArray encoded) {
        return spec.clsPool()
                ? encoded.get(new NDIndex(":, 0, :"))
                : encoded.get(new NDIndex(":, 1:, :")).mean(new int[] {1});
    }

    public NDArray classify(NDArray pooled) {
        return head.forward(pooled);
    }

    /** images (B, C, H, W) → logits (B, classes). */
    public NDArray logits(NDArray images, boolean training) {
        NDArray logits = classify(pool(encode(tokens(images), training)));
        probe.logits(logits);
        return logits;
    }

    /** Reports attention logits and output-logit RMS to {@code probe} while it is armed. */
    public void observe(ForwardProbe probe) {
        this.probe = probe;
        blocks.forEach(b -> b.attention().observe(probe));
    }

    public LayerNormLayer norm() {
        return norm;
    }
}
