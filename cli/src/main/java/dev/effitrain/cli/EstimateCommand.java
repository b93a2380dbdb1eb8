package dev.effitrain.cli;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.estimate.Estimator;
import dev.effitrain.core.estimate.RunEstimate;
import dev.effitrain.core.spi.TrainerModule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code effitrain estimate}: memory, work, time and what a run would do, before it starts. */
@Command(name = "estimate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Estimate a run before starting it: parameters; bytes of weights, gradients, optimizer state"
                + " (8-bit aware) and activations per micro-batch; peak process memory; steps, tokens and FLOPs;"
                + " wall time on this machine; the run directory and whether the run would resume, and from which step.",
                "Builds the model and opens the data as the run would (on the CPU); trains and writes nothing."})
final class EstimateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML file, or the name of a bundled recipe.")
    Path recipeFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--resume", paramLabel = "auto|never|PATH", defaultValue = "auto",
            description = "The --resume the run would be given (default auto).")
    String resume;

    @Option(names = "--json", description = "Print the estimate as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, TrainerModule> trainers = Trainers.available();
        Recipe recipe = RecipeLoader.load(RecipeArgument.resolve(recipeFile), sets, trainers);
        RunEstimate estimate = Estimator.estimate(recipe, trainers.get(recipe.trainer()), resume);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, estimate.toMap());
        } else {
            estimate.lines().forEach(out::println);
            out.flush();
        }
        return 0;
    }
}
