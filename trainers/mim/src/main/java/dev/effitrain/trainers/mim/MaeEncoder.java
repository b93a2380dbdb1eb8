package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Autocast;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

/**
 * The MAE encoder: the foundation's {@link Vit} (fixed sin-cos positions), so its tensors carry the
 * names and shapes a ViT classifier has ({@code patch_embed.proj.*}, {@code cls_token},
 * {@code blocks.i.*}, {@code norm.*}) and a ViT can {@code init_from} its checkpoint. The ViT's
 * classification head has no part in pretraining, so it is left out of the registered parameters.
 * Works at any grid: position embeddings are resampled from the native one.
 */
final class MaeEncoder {
    private static final String HEAD_PREFIX = "head.";

    private final Vit vit;
    private final VitSpec spec;
    private final Param patchWeight;
    private final Param patchBias;
    private final Param clsToken;
    private final PosEmbedTables pos;

    /** Builds the encoder and registers its parameters (all but the head) in {@code params}. */
    MaeEncoder(ParamStore params, VitSpec spec) {
        if (spec.learnedPos()) {
            throw new IllegalArgumentException("the MAE encoder uses fixed sin-cos position embeddings");
        }
        this.spec = spec;
        // the scratch store is a child of params' manager: it (and the unused head) closes with it
        ParamStore scratch = new ParamStore(params.manager());
        this.vit = new Vit(scratch, spec);
        for (Param p : scratch.all()) {
            if (!p.name().startsWith(HEAD_PREFIX)) {
                params.register(p.name(), p.kind(), p.array());
            }
        }
        this.patchWeight = params.get("patch_embed.proj.weight");
        this.patchBias = params.get("patch_embed.proj.bias");
        this.clsToken = params.get("cls_token");
        this.pos = new PosEmbedTables(params.manager(), spec.dModel(), spec.grid());
    }

    int patchSize() {
        return spec.patchSize();
    }

    /** Patch tokens plus their position embeddings at the images' grid: (B, L, D). */
    NDArray embedPatches(NDArray images) {
        int grid = gridOf(images);
        NDArray patches = Vit.patchify(images, spec.patchSize());
        NDArray w = patchWeight.array().reshape(spec.dModel(), spec.patchDim());
        NDArray x = Autocast.linear(patches, w, patchBias.array());
        return x.add(pos.at(grid).patches());
    }

    /** [CLS + its position embedding, tokens]: (B, 1 + T, D). */
    NDArray prependCls(NDArray tokens, int grid) {
        long b = tokens.getShape().get(0);
        NDArray cls = clsToken.array().add(pos.at(grid).cls()).broadcast(new Shape(b, 1, spec.dModel()));
        return NDArrays.concat(new NDList(cls, tokens), 1);
    }

    /** Blocks and the final norm. */
    NDArray encode(NDArray tokens, boolean training) {
        return vit.encode(tokens, training);
    }

    /** Every patch visible (the linear probe's input): encoded (B, 1 + L, D). */
    NDArray encodeAll(NDArray images, boolean training) {
        return encode(prependCls(embedPatches(images), gridOf(images)), training);
    }

    /** CLS token or mean of the patch tokens, as {@code model.pool} says. */
    NDArray pool(NDArray encoded) {
        return vit.pool(encoded);
    }

    int gridOf(NDArray images) {
        long side = images.getShape().get(2);
        if (side % spec.patchSize() != 0 || images.getShape().get(3) != side) {
            throw new IllegalArgumentException("images " + images.getShape() + " are not square multiples of patch size "
                    + spec.patchSize());
        }
        return (int) (side / spec.patchSize());
    }
}
