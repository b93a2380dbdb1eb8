package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * SGD as torch.optim.SGD with dampening 0: L2 weight decay in the gradient,
 * {@code buf = μ·buf + g} (a fresh zero buffer gives {@code buf = g} on the first step, as torch
 * and bitsandbytes do), optional Nesterov, {@code p -= lr·buf}. With μ = 0 it keeps no state.
 */
final class MomentumRule implements UpdateRule {

    private final double momentum;
    private final boolean nesterov;

    MomentumRule(double momentum, boolean nesterov) {
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public int stateCount() {
        return momentum == 0 ? 0 : 1;
    }

    @Override
    public String stateName(int i) {
        return "momentum_buffer";
    }

    @Override
    public boolean signedState(int i) {
        return true;
    }

    @Override
    public void apply(NDArray p, NDArray g, NDArray[] state, Hyper h) {
        if (h.weightDecay() != 0) {
            g = g.add(p.mul((float) h.weightDecay()));
        }
        if (momentum != 0) {
            NDArray buf = state[0];
            buf.muli((float) momentum).addi(g);
            g = nesterov ? g.add(buf.mul((float) momentum)) : buf;
        }
        p.subi(g.mul((float) h.lr()));
    }
}
