package dev.effitrain.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE}...: recipe keys to override, parsed by the recipe loader (core's SetOverride). */
final class RecipeOverrides {

    @Option(names = "--set", paramLabel = "KEY=VALUE", descriptionKey = "set",
            description = "Override a recipe key (repeatable).")
    private List<String> sets = new ArrayList<>();

    List<String> list() {
        return sets;
    }
}
