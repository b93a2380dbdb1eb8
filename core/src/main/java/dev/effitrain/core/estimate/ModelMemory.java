package dev.effitrain.core.estimate;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.TrainConfig;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.optim.Optimizer;
import dev.effitrain.core.optim.Optimizers;
import java.util.List;

/**
 * The memory one {@link PlannedModel} needs while it trains. Weights and optimizer state are not
 * formulas: the optimizer is built over the real parameters and asked for its state bytes, so the
 * 8-bit optimizers' uint8 codes and per-block fp32 absmax, their fp32 fallback for small tensors and
 * any per-parameter overrides count exactly as in a run.
 *
 * @param params          parameter count
 * @param weights         fp32 weight bytes (under fp16 these are the fp32 master weights; the fp16
 *                        copies the matrix products use are counted with the activations)
 * @param gradients       fp32 gradient bytes of the trainable parameters
 * @param optimizerState  optimizer-state bytes
 * @param replicas        weights and gradients of the extra data-parallel copies ({@code train.devices} - 1)
 * @param activations     peak activation bytes of one micro-batch
 * @param microBatch      samples per micro-batch (batch_size / grad_accum / devices)
 */
public record ModelMemory(String label, long params, long weights, long gradients, long optimizerState,
                          long replicas, long activations, int microBatch) {

    public static ModelMemory of(PlannedModel m, TrainConfig train, NDManager manager) {
        List<Param> all = m.params().all();
        long weights = 0;
        long trainableBytes = 0;
        for (Param p : all) {
            long bytes = p.numel() * p.array().getDataType().getNumOfBytes();
            weights += bytes;
            if (m.trainable() && p.array().hasGradient()) {
                trainableBytes += bytes;
            }
        }
        long state = 0;
        if (m.trainable()) {
            try (Optimizer optimizer = Optimizers.create(m.optimizer(), all, manager)) {
                state = optimizer.stateBytes();
            }
        }
        boolean fp16 = train.fp16();
        long activations = m.activations().bytes(train.microBatch(), fp16);
        if (fp16) {
            activations += matmulWeightBytes(all) / 2;   // the fp16 copies of the weights the products use
        }
        long replicas = (long) (Math.max(1, train.devices()) - 1) * (weights + trainableBytes);
        return new ModelMemory(m.label(), m.params().numel(), weights, trainableBytes, state, replicas,
                activations, train.microBatch());
    }

    /** Bytes of the weight matrices (2-D parameters: what autocast casts to fp16). */
    private static long matmulWeightBytes(List<Param> params) {
        long b = 0;
        for (Param p : params) {
            if (p.array().getShape().dimension() == 2) {
                b += p.numel() * 4;
            }
        }
        return b;
    }

    /** Everything this model adds to the process while it trains. */
    public long total() {
        return weights + gradients + optimizerState + replicas + activations;
    }
}
