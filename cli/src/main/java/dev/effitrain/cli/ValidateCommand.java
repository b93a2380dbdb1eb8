package dev.effitrain.cli;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check a recipe and print it fully resolved, or every error in it.",
                "The resolved recipe has the defaults, extends: and --set applied; each error names its",
                "file, line and key (exit 2)."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML file.")
    Path recipeFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--json", description = "Print the resolved recipe as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe recipe = RecipeLoader.load(recipeFile, sets, Trainers.available());
        if (json) {
            Output.json(spec.commandLine().getOut(), new Yaml().load(recipe.resolvedYaml()));
        } else {
            spec.commandLine().getOut().print(recipe.resolvedYaml());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
