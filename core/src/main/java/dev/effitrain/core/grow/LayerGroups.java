package dev.effitrain.core.grow;

/** Which big layers a coalesce merges into one small layer (and which a decoalesce copies back). */
public enum LayerGroups {
    /** Neighbours: small layer i ← big layers i·k … i·k+k−1; decoalescing then interleaves (0,0,1,1,…). */
    ADJACENT,
    /** Strided: small layer i ← big layers i, i+L_s, i+2·L_s, …; decoalescing then stacks (0,1,…,0,1,…). */
    STACK
}
