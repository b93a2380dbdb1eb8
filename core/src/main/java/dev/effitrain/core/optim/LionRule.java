package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * Lion (Chen et al. 2023) as bitsandbytes: decoupled decay {@code p *= 1 - lr·wd},
 * {@code p -= lr·sign(b1·m + (1-b1)·g)}, then {@code m = b2·m + (1-b2)·g}.
 */
final class LionRule implements UpdateRule {

    private final double beta1;
    private final double beta2;

    LionRule(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public String stateName(int i) {
        return "exp_avg";
    }

    @Override
    public boolean signedState(int i) {
        return true;
    }

    @Override
    public void apply(NDArray p, NDArray g, NDArray[] state, Hyper h) {
        NDArray m = state[0];
        if (h.weightDecay() != 0) {
            p.muli((float) (1 - h.lr() * h.weightDecay()));
        }
        NDArray direction = m.mul((float) beta1).addi(g.mul((float) (1 - beta1))).sign();
        p.subi(direction.muli((float) h.lr()));
        m.muli((float) beta2).addi(g.mul((float) (1 - beta2)));
    }
}
