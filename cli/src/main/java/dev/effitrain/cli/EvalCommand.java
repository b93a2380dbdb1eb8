package dev.effitrain.cli;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Evaluate a saved model on a data set.",
                "Prints the loss, and top-1 and per-class accuracy for classifiers.",
                "The model and data come from the run's recipe.yaml; --data and --set change them."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    CheckpointArgument checkpoint;

    @Option(names = "--data", paramLabel = "PATH", description = "Evaluate on this data set instead (same source type), e.g. another IDX directory.")
    String dataPath;

    @Mixin
    RunRecipeOption recipeOption;

    @Mixin
    RecipeOverrides overrides;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = checkpoint.dir();
        Path recipePath = recipeOption.forCheckpoint(dir);
        List<String> all = new ArrayList<>(overrides.list());
        if (dataPath != null) {
            all.add("data.path=" + Path.of(dataPath).toAbsolutePath());
        }
        Map<String, TrainerModule> trainers = Trainers.available();
        Recipe recipe = RecipeLoader.load(recipePath, all, trainers);
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("checkpoint", dir.toString());
        try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), ProgressMode.detect());
             TrainListener.Activity busy = progress.activity("loading data and evaluating " + dir.getFileName())) {
            result.putAll(trainers.get(recipe.trainer()).evaluate(recipe, dir));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Output.json(out, result);
        } else {
            result.forEach((k, v) -> {
                if (v instanceof Double d) {
                    out.printf(Locale.ROOT, "%-20s %.4f%n", k, d);
                } else if (!(v instanceof long[][])) {
                    out.printf("%-20s %s%n", k, v);
                }
            });
            out.flush();
        }
        return 0;
    }
}
