package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * RMSprop as torch.optim.RMSprop without momentum or centering: L2 decay in the gradient,
 * {@code s = α·s + ((1-α)·g)·g}, {@code p -= lr·g / (sqrt(s) + eps)}.
 */
final class RmsPropRule implements UpdateRule {

    private final double alpha;
    private final double eps;

    RmsPropRule(double alpha, double eps) {
        this.alpha = alpha;
        this.eps = eps;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public String stateName(int i) {
        return "square_avg";
    }

    /** Non-negative, but bitsandbytes' 1-state kernels quantize it with the signed map; so do we. */
    @Override
    public boolean signedState(int i) {
        return true;
    }

    @Override
    public void apply(NDArray p, NDArray g, NDArray[] state, Hyper h) {
        NDArray s = state[0];
        if (h.weightDecay() != 0) {
            g = g.add(p.mul((float) h.weightDecay()));
        }
        s.muli((float) alpha).addi(g.mul((float) (1 - alpha)).muli(g));
        p.subi(g.div(s.sqrt().addi((float) eps)).muli((float) h.lr()));
    }
}
