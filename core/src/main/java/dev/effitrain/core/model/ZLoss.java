package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;

/**
 * The z-loss of PaLM and the small-scale-proxies work (arXiv:2309.14322): {@code coef · mean(log²Z)},
 * Z the softmax normaliser of each position's output logits, which keeps log Z near 0 and the
 * logits from drifting. Coefficient 0 adds nothing, not even a zero: the loss is the same tensor.
 */
public final class ZLoss {
    private ZLoss() {
    }

    /** {@code loss + coef · mean(logsumexp(logits, -1)²)}, or {@code loss} itself when coef is 0. */
    public static NDArray add(NDArray loss, NDArray logits, double coef) {
        if (coef == 0) {
            return loss;
        }
        int last = logits.getShape().dimension() - 1;
        NDArray max = logits.max(new int[] {last}, true).stopGradient();   // for a stable exp; cancels in the value
        NDArray logZ = logits.sub(max).exp().sum(new int[] {last}).log().add(max.squeeze(last));
        return loss.add(Scalars.mul(logZ.square().mean(), coef));
    }
}
