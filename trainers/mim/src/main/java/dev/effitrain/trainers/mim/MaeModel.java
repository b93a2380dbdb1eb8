package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.VitSpec;

/**
 * The masked autoencoder (facebookresearch/mae {@code MaskedAutoencoderViT}): patch embedding and
 * position embeddings on every patch, random masking, the encoder on the visible patches plus CLS,
 * the decoder on visible latents plus mask tokens, pixel predictions, loss on removed patches.
 * Any grid that the patch size divides works; position embeddings follow it.
 */
final class MaeModel {
    private final MaeEncoder encoder;
    private final MaeDecoder decoder;
    private final boolean normPix;

    /** What one forward pass produced. {@code pred} is in target space (normalised patches with norm_pix_loss). */
    record Output(NDArray loss, NDArray pred, NDArray mask, NDArray targets) {
    }

    MaeModel(ParamStore params, VitSpec encoderSpec, MaeConfig mae, int mlpRatio) {
        this.encoder = new MaeEncoder(params, encoderSpec);
        this.decoder = new MaeDecoder(params, encoderSpec.dModel(), mae.decoderDim(), mae.decoderDepth(),
                mae.decoderHeads(), mlpRatio * mae.decoderDim(), encoderSpec.patchDim(), encoderSpec.grid());
        this.normPix = mae.normPixLoss();
    }

    int patchSize() {
        return encoder.patchSize();
    }

    /** Uniform noise (B, L) for the masking of a batch, from the engine's generator. */
    NDArray noise(NDArray images) {
        int grid = encoder.gridOf(images);
        NDManager m = images.getManager();
        return m.randomUniform(0f, 1f, new Shape(images.getShape().get(0), (long) grid * grid), DataType.FLOAT32);
    }

    /**
     * @param images (B, C, H, W), normalised
     * @param noise  (B, L): per sample, the {@code keep} patches with the smallest noise stay visible
     * @param keep   visible patches per sample; all of them means nothing is masked and every patch counts
     */
    Output forward(NDArray images, NDArray noise, int keep, boolean training) {
        int grid = encoder.gridOf(images);
        NDArray tokens = encoder.embedPatches(images);
        RandomMasking m = RandomMasking.apply(tokens, noise, keep);
        NDArray latent = encoder.encode(encoder.prependCls(m.visible(), grid), training);
        NDArray pred = decoder.forward(latent, m.idsRestore(), training);
        NDArray targets = MaeLoss.targets(images, patchSize(), normPix);
        long patches = (long) grid * grid;
        NDArray loss = keep < patches ? MaeLoss.maskedMse(pred, targets, m.mask()) : MaeLoss.mse(pred, targets);
        return new Output(loss, pred, m.mask(), targets);
    }

    /** Predictions mapped back to (normalised) pixel space, for pictures. */
    NDArray predictedPatches(Output out, NDArray images) {
        if (!normPix) {
            return out.pred();
        }
        return MaeLoss.denormalizePatches(out.pred(), MaePatches.patchify(images, patchSize()));
    }
}
