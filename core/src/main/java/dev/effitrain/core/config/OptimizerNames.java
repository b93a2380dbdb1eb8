package dev.effitrain.core.config;

import java.util.List;

/** The optimizers a recipe may name: the one list that validation and the optimizer factory share. */
public final class OptimizerNames {

    private OptimizerNames() {
    }

    public static final List<String> ALL = List.of(
            "adamw", "adam", "sgd", "lion", "rmsprop", "momentum",
            "adamw8bit", "adam8bit", "momentum8bit", "lion8bit", "rmsprop8bit",
            "adamw-linear8bit", "adamw-dynamic8bit-noblock");

    /** Values of {@code optimizer.overrides[i].state}: keep 32-bit state or use 8-bit state for matching parameters. */
    public static final List<String> STATE_PRECISIONS = List.of("32bit", "8bit");

    /** True for the optimizers that keep block-wise quantized 8-bit state. */
    public static boolean is8bit(String name) {
        return name != null && name.contains("8bit");
    }
}
