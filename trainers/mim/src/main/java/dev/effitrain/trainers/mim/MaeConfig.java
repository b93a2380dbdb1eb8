package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.optim.LrScaling;
import java.util.List;

/**
 * The recipe's {@code mae:} section.
 *
 * @param mode          pretrain (masked autoencoder) or linprobe (linear classifier on frozen encoder features)
 * @param maskRatio     fraction of patches hidden from the encoder; 0 = none hidden, the loss then covers every patch
 * @param normPixLoss   targets are patches normalised by their own mean and (unbiased) variance
 * @param decoderDim    decoder width
 * @param decoderDepth  decoder blocks
 * @param decoderHeads  decoder attention heads
 * @param baseLr        when set, {@code lr = base_lr · train.batch_size / 256} (MAE's rule) replaces optimizer.lr
 * @param reconImages   validation images drawn in each reconstruction grid (0 = no pictures)
 * @param stages        progressive schedule over resolution and mask ratio (pretraining only)
 */
public record MaeConfig(
        Mode mode,
        double maskRatio,
        boolean normPixLoss,
        int decoderDim,
        int decoderDepth,
        int decoderHeads,
        Double baseLr,
        int reconImages,
        List<Stage> stages
) {
    /** The batch size MAE's learning-rate rule scales by. */
    public static final int LR_REFERENCE_BATCH = 256;

    public enum Mode { PRETRAIN, LINPROBE }

    /**
     * One progressive stage: it lasts until {@code until} (from the previous stage's end); steps after
     * the last stage's end stay in the last stage. Null fields keep the run's value
     * ({@code model.image_size}, {@code mae.mask_ratio}).
     */
    public record Stage(Duration until, Integer imageSize, Double maskRatio) {
    }

    /** {@code base_lr · batch / 256}, or {@code optimizerLr} when no base_lr is set. */
    public double learningRate(double optimizerLr, int batchSize) {
        return baseLr == null ? optimizerLr : LrScaling.scale(baseLr, OptimizerConfig.LrScaling.LINEAR, batchSize, LR_REFERENCE_BATCH);
    }
}
