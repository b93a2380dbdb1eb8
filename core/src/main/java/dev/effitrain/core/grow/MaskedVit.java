package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Autocast;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.SinCosPosEmbed;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

/** A ViT (the parameters a {@code Vit} of {@code spec} owns) computed with MSG growth masks; see {@link MaskedGpt}. */
public final class MaskedVit implements Ramped {
    private final ParamStore ps;
    private final VitSpec spec;
    private final MaskedStack stack;

    public MaskedVit(ParamStore ps, VitSpec spec, GrowthMask mask) {
        if (mask.newLayers().length != spec.layers() || mask.newResidual().length != spec.dModel()) {
            throw new IllegalArgumentException("mask does not fit the model");
        }
        this.ps = ps;
        this.spec = spec;
        this.stack = new MaskedStack(ps, mask, spec.dModel(), spec.heads(), 1e-6f, spec.dropout());
    }

    @Override
    public void ramp(double m) {
        stack.ramp(m);
    }

    @Override
    public double ramp() {
        return stack.ramp();
    }

    /** images (B, C, H, W) → logits (B, classes). */
    public NDArray logits(NDArray images, boolean training) {
        int d = spec.dModel();
        NDArray patches = Vit.patchify(images, spec.patchSize());
        NDArray w = ps.get("patch_embed.proj.weight").array().reshape(d, spec.patchDim());
        NDArray pos = posEmbed(images);
        NDArray x = Autocast.linear(patches, w, ps.get("patch_embed.proj.bias").array())
                .add(pos.get(new NDIndex(":, 1:, :")));
        long b = x.getShape().get(0);
        NDArray cls = ps.get("cls_token").array().add(pos.get(new NDIndex(":, 0:1, :"))).broadcast(new Shape(b, 1, d));
        NDArray tokens = stack.residual(NDArrays.concat(new NDList(cls, x), 1));
        NDArray encoded = stack.forward(tokens, null, training);
        NDArray pooled = spec.clsPool()
                ? encoded.get(new NDIndex(":, 0, :"))
                : encoded.get(new NDIndex(":, 1:, :")).mean(new int[] {1});
        return Autocast.linear(pooled, ps.get("head.weight").array(), ps.get("head.bias").array());
    }

    private NDArray posEmbed(NDArray like) {
        if (spec.learnedPos()) {
            return ps.get("pos_embed").array();
        }
        return like.getManager().create(SinCosPosEmbed.table(spec.dModel(), spec.grid(), true),
                new Shape(1, spec.numPatches() + 1, spec.dModel()));
    }
}
