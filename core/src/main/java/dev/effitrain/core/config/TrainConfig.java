package dev.effitrain.core.config;

/** {@code train:} section. */
public record TrainConfig(
        Duration duration,
        int batchSize,         // samples per optimizer step (micro_batch * grad_accum)
        int gradAccum,         // micro-batches per optimizer step
        double gradClip,       // global-norm clip, 0 = off
        Duration logEvery,
        Duration evalEvery,
        int evalBatches,       // batches per evaluation (0 = whole validation split)
        Duration checkpointEvery,
        int keepLast,          // checkpoints kept (0 = all)
        String onNonfinite,    // fail | skip | rollback
        double rollbackLrFactor, // rollback: the learning rate is multiplied by this at each rollback, in (0, 1)
        String precision,      // fp32 | fp16 (fp16 matrix products, fp32 weights, dynamic loss scaling)
        double lossScale,      // fp16: the initial dynamic loss scale
        boolean tensorboard,   // TensorBoard event files in the run directory
        int devices,           // data-parallel replicas: gpu:k .. gpu:k+devices-1, or CPU replicas
        double zLoss           // language models: coefficient of mean(log²Z) added to the training loss, 0 = off
) {
    /** Without {@code z_loss} (off). */
    public TrainConfig(Duration duration, int batchSize, int gradAccum, double gradClip, Duration logEvery,
                       Duration evalEvery, int evalBatches, Duration checkpointEvery, int keepLast, String onNonfinite,
                       double rollbackLrFactor, String precision, double lossScale, boolean tensorboard, int devices) {
        this(duration, batchSize, gradAccum, gradClip, logEvery, evalEvery, evalBatches, checkpointEvery, keepLast,
                onNonfinite, rollbackLrFactor, precision, lossScale, tensorboard, devices, 0.0);
    }

    /** The default {@code rollback_lr_factor}, as in {@code defaults.yaml}. */
    public static final double DEFAULT_ROLLBACK_LR_FACTOR = 0.5;

    /** PyTorch GradScaler's initial scale, as in {@code defaults.yaml}. */
    public static final double DEFAULT_LOSS_SCALE = 65536.0;
    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";

    /** With {@code rollback_lr_factor}; fp32 precision and TensorBoard files (the defaults). */
    public TrainConfig(Duration duration, int batchSize, int gradAccum, double gradClip, Duration logEvery,
                       Duration evalEvery, int evalBatches, Duration checkpointEvery, int keepLast, String onNonfinite,
                       double rollbackLrFactor) {
        this(duration, batchSize, gradAccum, gradClip, logEvery, evalEvery, evalBatches, checkpointEvery, keepLast,
                onNonfinite, rollbackLrFactor, FP32, DEFAULT_LOSS_SCALE, true, 1, 0.0);
    }

    /** Without {@code rollback_lr_factor} either (the default applies). */
    public TrainConfig(Duration duration, int batchSize, int gradAccum, double gradClip, Duration logEvery,
                       Duration evalEvery, int evalBatches, Duration checkpointEvery, int keepLast, String onNonfinite) {
        this(duration, batchSize, gradAccum, gradClip, logEvery, evalEvery, evalBatches, checkpointEvery, keepLast,
                onNonfinite, DEFAULT_ROLLBACK_LR_FACTOR);
    }

    public boolean fp16() {
        return FP16.equals(precision);
    }

    /** Samples per forward pass: the batch split over gradient accumulation and data-parallel devices. */
    public int microBatch() {
        return batchSize / gradAccum / Math.max(1, devices);
    }
}
