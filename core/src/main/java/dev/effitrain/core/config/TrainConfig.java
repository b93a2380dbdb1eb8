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
        String onNonfinite     // fail | skip | rollback
) {
    public int microBatch() {
        return batchSize / gradAccum;
    }
}
