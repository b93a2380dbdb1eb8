package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;

/**
 * A trainable tensor with a stable PyTorch-style name ({@code blocks.0.attn.qkv.weight}). Models
 * keep their parameters in a {@link ParamStore} instead of DJL's ordinal-prefixed block names, so
 * names do not shift when a model grows and checkpoints load in PyTorch.
 */
public final class Param {

    /** What the tensor is: decides weight decay defaults and 8-bit eligibility. */
    public enum Kind { WEIGHT, BIAS, NORM, EMBEDDING }

    private final String name;
    private final Kind kind;
    private NDArray array;
    private boolean fullPrecisionState;

    public Param(String name, Kind kind, NDArray array) {
        this.name = name;
        this.kind = kind;
        this.array = array;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public NDArray array() {
        return array;
    }

    /** Swaps in a new tensor (used by growth operators); the caller closes the old one. */
    public void replace(NDArray newArray) {
        this.array = newArray;
    }

    /** Asks 8-bit optimizers to keep this parameter's state in fp32 (e.g. a stable embedding). */
    public Param keepFullPrecisionState() {
        this.fullPrecisionState = true;
        return this;
    }

    public boolean fullPrecisionState() {
        return fullPrecisionState;
    }

    public long numel() {
        return array.getShape().size();
    }

    @Override
    public String toString() {
        return name + array.getShape();
    }
}
