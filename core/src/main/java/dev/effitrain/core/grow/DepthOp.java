package dev.effitrain.core.grow;

/** How layers are added (or merged) when the depth changes. */
public enum DepthOp {
    /** Copy the whole stack on top, as often as needed: target layer i copies source layer i mod L (G_stack, StackBERT). */
    STACK,
    /** Repeat each layer in place: target layer i copies source layer ⌊i·L_s/L_t⌋ (0,0,1,1,2,2). */
    INTERLEAVE,
    /** Keep the old layers; every new one on top copies the top layer. */
    COPY_TOP,
    /** New layers on top, freshly initialised with zero output projections: the function is preserved. */
    IDENTITY,
    /** New layers on top, freshly initialised. */
    RANDOM,
    /** Shrink: each small layer is the average of a group of big layers (see {@link LayerGroups}). */
    COALESCE,
    /** Grow back what a coalesce merged: each big layer copies the small layer of its group. */
    DECOALESCE;

    public boolean shrinks() {
        return this == COALESCE;
    }

    /** Needs at least one source layer to copy. */
    public boolean copiesLayers() {
        return this == STACK || this == INTERLEAVE || this == COPY_TOP || this == DECOALESCE;
    }

    /** The name as written in recipes and on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
