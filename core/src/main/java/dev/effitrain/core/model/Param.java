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
    /** Data-parallel copies of {@link #array} (index 0 unused), or null; see {@code train.Replicas}. */
    private NDArray[] replicas;
    private static final ThreadLocal<Integer> REPLICA = ThreadLocal.withInitial(() -> 0);

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

    /** The tensor; inside a data-parallel replica's scope ({@link #useReplica}), that replica's copy. */
    public NDArray array() {
        int r = REPLICA.get();
        return r == 0 || replicas == null ? array : replicas[r];
    }

    /** The tensor the optimizer updates and checkpoints store, whatever replica scope is active. */
    public NDArray master() {
        return array;
    }

    /** Makes {@link #array()} on this thread return replica {@code r}'s copies (0: the masters). */
    public static void useReplica(int r) {
        REPLICA.set(r);
    }

    /** Replica {@code r}'s copy (r >= 1), or null when none was made. */
    public NDArray replica(int r) {
        return replicas == null || r >= replicas.length ? null : replicas[r];
    }

    /** Sets the data-parallel copies ({@code copies[0]} is ignored: the master is {@link #master()}). */
    public void setReplicas(NDArray[] copies) {
        this.replicas = copies;
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
