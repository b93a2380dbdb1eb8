package dev.effitrain.trainers.mim;

import dev.effitrain.core.model.VitSpec;

/**
 * Analytic FLOPs per image (a multiply-add counts 2). The patch embedding runs on every patch, the
 * encoder blocks on the visible patches plus CLS only, the decoder on every patch plus CLS. Training
 * is forward + backward ≈ 3 × forward.
 */
public final class MaeFlops {
    private MaeFlops() {
    }

    /** One pre-LN block over n tokens: qkv and proj (4d²), the MLP (2·d·h), QKᵀ and AV (2·n·d each). */
    public static double block(long n, double d, double mlpHidden) {
        return 2.0 * n * (4 * d * d + 2 * d * mlpHidden) + 4.0 * n * n * d;
    }

    public static double patchEmbed(VitSpec enc, long patches) {
        return 2.0 * patches * enc.patchDim() * enc.dModel();
    }

    /** Encoder blocks over {@code tokens} tokens. */
    public static double encoder(VitSpec enc, long tokens) {
        return enc.layers() * block(tokens, enc.dModel(), enc.mlpHidden());
    }

    /** Decoder: embedding of the visible latents, blocks and prediction over every patch plus CLS. */
    public static double decoder(VitSpec enc, MaeConfig mae, int mlpRatio, long patches, long visible) {
        long n = patches + 1;
        double dd = mae.decoderDim();
        return 2.0 * (visible + 1) * enc.dModel() * dd
                + mae.decoderDepth() * block(n, dd, mlpRatio * dd)
                + 2.0 * n * dd * enc.patchDim();
    }

    /** Forward FLOPs of one MAE pretraining image at {@code grid} with {@code visible} patches kept. */
    public static double pretrainForward(VitSpec enc, MaeConfig mae, int mlpRatio, int grid, int visible) {
        long patches = (long) grid * grid;
        return patchEmbed(enc, patches) + encoder(enc, visible + 1L) + decoder(enc, mae, mlpRatio, patches, visible);
    }

    public static double pretrainTraining(VitSpec enc, MaeConfig mae, int mlpRatio, int grid, int visible) {
        return 3 * pretrainForward(enc, mae, mlpRatio, grid, visible);
    }

    /** Linear probe: the frozen encoder's forward over every patch, then forward + backward of the linear head. */
    public static double probeTraining(VitSpec enc, int classes) {
        long patches = enc.numPatches();
        return patchEmbed(enc, patches) + encoder(enc, patches + 1) + probeHead(enc, classes);
    }

    /** Forward + backward of the linear probe's classifier alone (features already computed). */
    public static double probeHead(VitSpec enc, int classes) {
        return 3 * 2.0 * enc.dModel() * classes;
    }
}
