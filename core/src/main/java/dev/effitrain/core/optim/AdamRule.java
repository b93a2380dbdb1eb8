package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adam with bias correction. {@code decoupled}: AdamW's weight decay {@code p *= 1 - lr·wd} before
 * the update (torch.optim.AdamW); otherwise L2 decay added to the gradient (torch.optim.Adam).
 * The moment updates follow bitsandbytes' kernels: {@code m = b1·m + (1-b1)·g},
 * {@code v = b2·v + ((1-b2)·g)·g}.
 */
final class AdamRule implements UpdateRule {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;

    AdamRule(double beta1, double beta2, double eps, boolean decoupled) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public String stateName(int i) {
        return i == 0 ? "exp_avg" : "exp_avg_sq";
    }

    @Override
    public boolean signedState(int i) {
        return i == 0;
    }

    @Override
    public void apply(NDArray p, NDArray g, NDArray[] state, Hyper h) {
        NDArray m = state[0];
        NDArray v = state[1];
        if (NativeAdam.usable(p, g, m, v)) {
            applyNative(p, g, m, v, h);
        } else {
            applyWithTensorOps(p, g, m, v, h);
        }
    }

    /** The same step in one pass of a CPU kernel ({@link NativeAdam}). */
    void applyNative(NDArray p, NDArray g, NDArray m, NDArray v, Hyper h) {
        NativeAdam.update(p, g, m, v, beta1, beta2, eps, decoupled, h);
    }

    /** The same step as libtorch tensor ops: GPUs, and CPUs without the native kernels. */
    void applyWithTensorOps(NDArray p, NDArray g, NDArray m, NDArray v, Hyper h) {
        if (h.weightDecay() != 0) {
            if (decoupled) {
                p.muli((float) (1 - h.lr() * h.weightDecay()));
            } else {
                g = g.add(p.mul((float) h.weightDecay()));
            }
        }
        m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(g.mul((float) (1 - beta2)).muli(g));
        double correction1 = 1 - Math.pow(beta1, h.step());
        double correction2 = 1 - Math.pow(beta2, h.step());
        NDArray denom = v.sqrt().divi((float) Math.sqrt(correction2)).addi((float) eps);
        p.subi(m.div(denom).muli((float) (h.lr() / correction1)));
    }
}
