package dev.effitrain.core.grow;

/** How d_model, heads and MLP width are grown (or merged). Heads are always copied whole: the head size never changes. */
public enum WidthOp {
    /**
     * bert2BERT function-preserving initialisation / Net2WiderNet: new units copy old ones (units
     * j ↦ j mod n), fan-in weights are divided by the copy count, norms are copied. Exact when
     * d_model grows by a whole factor.
     */
    FPI,
    /** bert2BERT advanced knowledge initialisation: as FPI, but the new output units of layer l come from layer l+1. */
    AKI,
    /** Old weights kept exactly in place, new rows and columns freshly initialised (G_random; use with a mask for MSG). */
    RANDOM,
    /** Shrink by merging unit i with units i + n, i + 2n, …: producers are averaged, fan-in weights summed. */
    COALESCE,
    /** The inverse of {@link #COALESCE}: the same copies and divisions as {@link #FPI}, so coalesce∘decoalesce is the identity. */
    DECOALESCE;

    public boolean shrinks() {
        return this == COALESCE;
    }

    /** Divides fan-in weights by the copy count (function-preserving when the growth factor is whole). */
    public boolean dividesFanIn() {
        return this == FPI || this == AKI || this == DECOALESCE;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
