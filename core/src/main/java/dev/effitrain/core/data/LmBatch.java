package dev.effitrain.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One language-model batch on the host: {@code inputs} and {@code targets} are row-major
 * (batchSize, seqLen) token ids, and {@code targets} is {@code inputs} shifted left by one token.
 * Tensors are made in one call each, as int32: DJL's PyTorch embedding, {@code get("{}", ids)} and
 * {@code gather} all accept int32 indices, so there is no need for int64.
 */
public record LmBatch(int[] inputs, int[] targets, int batchSize, int seqLen) {

    public LmBatch {
        if (inputs.length != batchSize * seqLen || targets.length != inputs.length) {
            throw new IllegalArgumentException("batch arrays do not match (" + batchSize + ", " + seqLen + ")");
        }
    }

    /** (batchSize, seqLen) int32 input ids, attached to {@code manager} (and to the current NDScope). */
    public NDArray toInputs(NDManager manager) {
        return manager.create(inputs, new Shape(batchSize, seqLen));
    }

    /** (batchSize, seqLen) int32 target ids. */
    public NDArray toTargets(NDManager manager) {
        return manager.create(targets, new Shape(batchSize, seqLen));
    }

    /** {@code NDList(inputs, targets)}. */
    public NDList toNDList(NDManager manager) {
        return new NDList(toInputs(manager), toTargets(manager));
    }

    /** Tokens the model predicts in this batch. */
    public long tokens() {
        return (long) batchSize * seqLen;
    }
}
