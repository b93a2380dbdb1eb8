package dev.effitrain.cli;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.estimate.Estimator;
import dev.effitrain.core.estimate.RunEstimate;
import dev.effitrain.core.spi.TrainerModule;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code effitrain estimate}: memory, work, time and what a run would do, before it starts. */
@Command(name = "estimate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Estimate a run before starting it: parameters; bytes of weights, gradients, optimizer state"
                + " (8-bit aware) and activations per micro-batch; peak process memory; steps, tokens and FLOPs;"
                + " wall time on this machine; the run directory and whether the run would resume, and from which step.",
                "Builds the model and opens the data as the run would (on the CPU); trains and writes nothing."})
final class EstimateCommand implements Callable<Integer> {

    @Mixin
    RecipeArgument recipeArgument;

    @Mixin
    RecipeOverrides overrides;

    @Mixin
    ResumeOption resume;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, TrainerModule> trainers = Trainers.available();
        Recipe recipe = RecipeLoader.load(recipeArgument.path(), overrides.list(), trainers);
        RunEstimate estimate = Estimator.estimate(recipe, trainers.get(recipe.trainer()), resume.value());
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Output.json(out, estimate.toMap());
        } else {
            estimate.lines().forEach(out::println);
            out.flush();
        }
        return 0;
    }
}
