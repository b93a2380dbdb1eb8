package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * The per-element math of one optimizer, on fp32 tensors. {@link #apply} updates the parameter
 * slice and the state slices in place; it never modifies the gradient. How the state is stored
 * (fp32 or 8-bit) is not its business.
 */
interface UpdateRule {

    int stateCount();

    /** PyTorch's name for state {@code i} in fp32 ({@code exp_avg}, {@code momentum_buffer}, ...). */
    String stateName(int i);

    /** Whether state {@code i} can be negative: it then uses the signed map, else the unsigned one. */
    boolean signedState(int i);

    /**
     * One step on a slice: {@code p} and {@code state[i]} are modified in place, {@code g} is read only.
     */
    void apply(NDArray p, NDArray g, NDArray[] state, Hyper h);

    /** Learning rate and weight decay for this parameter at this step; {@code step} counts from 1. */
    record Hyper(double lr, double weightDecay, long step) {
    }
}
