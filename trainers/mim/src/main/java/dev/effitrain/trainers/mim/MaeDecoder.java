package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.BlockSpec;
import dev.effitrain.core.model.Init;
import dev.effitrain.core.model.LayerNormLayer;
import dev.effitrain.core.model.Linear;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.TransformerBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * MAE's lightweight decoder with MAE's names: {@code decoder_embed}, {@code mask_token},
 * {@code decoder_blocks.i.*}, {@code decoder_norm}, {@code decoder_pred}; fixed sin-cos
 * {@code decoder_pos_embed} of its own (not a parameter). Predicts every patch's pixels.
 */
final class MaeDecoder {
    private final int dim;
    private final Linear embed;
    private final Param maskToken;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNormLayer norm;
    private final Linear pred;
    private final PosEmbedTables pos;

    /**
     * @param encoderDim  width of the encoder's output
     * @param patchValues pixels per patch (p·p·C)
     * @param nativeGrid  the grid the fixed position table is built for
     */
    MaeDecoder(ParamStore ps, int encoderDim, int dim, int depth, int heads, int mlpHidden, int patchValues,
               int nativeGrid) {
        this.dim = dim;
        this.embed = new Linear(ps, "decoder_embed", encoderDim, dim, true, Init.xavierUniform(ps.manager()));
        this.maskToken = ps.create("mask_token", Param.Kind.EMBEDDING, new Shape(1, 1, dim), Init.normal(ps.manager(), 0.02));
        BlockSpec block = BlockSpec.vit(dim, heads, mlpHidden, 0);
        for (int i = 0; i < depth; i++) {
            blocks.add(new TransformerBlock(ps, "decoder_blocks." + i, block));
        }
        this.norm = new LayerNormLayer(ps, "decoder_norm", dim, block.lnEps());
        this.pred = new Linear(ps, "decoder_pred", dim, patchValues, true, Init.xavierUniform(ps.manager()));
        this.pos = new PosEmbedTables(ps.manager(), dim, nativeGrid);
    }

    /**
     * @param latent     encoder output (B, 1 + keep, D_enc), CLS first, visible tokens in shuffled order
     * @param idsRestore (B, L) the masking's inverse permutation
     * @return pixel predictions for every patch (B, L, p·p·C), in the original patch order
     */
    NDArray forward(NDArray latent, NDArray idsRestore, boolean training) {
        NDArray x = embed.forward(latent);
        long b = x.getShape().get(0);
        long patches = idsRestore.getShape().get(1);
        long kept = x.getShape().get(1) - 1;
        NDArray body = x.get(new NDIndex(":, 1:, :"));
        if (patches > kept) {
            NDArray tokens = maskToken.array().broadcast(new Shape(b, patches - kept, dim));
            body = NDArrays.concat(new NDList(body, tokens), 1);
        }
        NDArray unshuffled = body.gather(RandomMasking.expandLast(idsRestore, dim), 1);
        int grid = (int) Math.round(Math.sqrt(patches));
        PosEmbedTables.Table table = pos.at(grid);
        NDArray h = NDArrays.concat(new NDList(x.get(new NDIndex(":, :1, :")).add(table.cls()),
                unshuffled.add(table.patches())), 1);
        for (TransformerBlock block : blocks) {
            h = block.forward(h, null, training);
        }
        return pred.forward(norm.forward(h)).get(new NDIndex(":, 1:, :"));
    }
}
