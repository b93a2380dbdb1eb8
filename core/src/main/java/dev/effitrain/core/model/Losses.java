package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Loss functions on whole tensors. */
public final class Losses {
    private Losses() {
    }

    /** Mean cross-entropy of logits (..., C) against integer targets (...). */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray flat = logits.reshape(-1, classes).logSoftmax(-1);
        NDArray idx = targets.reshape(-1, 1);
        if (idx.getDataType() != DataType.INT64) {
            idx = idx.toType(DataType.INT64, false);
        }
        return flat.gather(idx, 1).mean().neg();
    }
}
