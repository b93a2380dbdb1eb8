package dev.effitrain.core.config;

/** Units a duration may carry in a recipe. */
public enum DurationUnit {
    /** optimizer steps (batches) */
    BA("ba"),
    /** epochs over the training split */
    EP("ep"),
    /** tokens (LM) */
    TOK("tok"),
    /** samples */
    SP("sp"),
    /** fraction of the whole run */
    DUR("dur");

    private final String suffix;

    DurationUnit(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
