package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.OpProfiler;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate a recipe, then train it.",
                "Writes runs/NAME/{recipe.yaml, metrics.jsonl, summary.json, checkpoints/}."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML file.")
    Path recipeFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key, e.g. --set train.batch_size=8 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--resume", paramLabel = "auto|never|PATH", defaultValue = "auto",
            description = "auto (default): continue from the run's newest complete checkpoint if there is one; "
                    + "never: refuse if the run directory already has checkpoints; PATH: a checkpoint directory.")
    String resume;

    @Option(names = "--dry-run", description = "Validate and print the resolved recipe; train nothing.")
    boolean dryRun;

    @Option(names = "--profile", paramLabel = "FROM:TO",
            description = "Profile libtorch operators over optimizer steps FROM+1..TO (e.g. 50:60): "
                    + "writes profile/trace.json (Chrome trace) and profile/ops.txt (ops by self time) in the run directory.")
    String profile;

    @Option(names = "--json", description = "Print the final summary as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, TrainerModule> trainers = Trainers.available();
        OpProfiler.Window profileWindow = profile == null ? null : OpProfiler.Window.parse(profile);
        Recipe recipe = RecipeLoader.load(recipeFile, sets, trainers);
        if (dryRun) {
            spec.commandLine().getOut().print(recipe.resolvedYaml());
            spec.commandLine().getOut().flush();
            return 0;
        }
        Path runDir = Path.of(recipe.output()).toAbsolutePath().normalize();
        if (resume.equals("never") && Files.isDirectory(runDir.resolve("checkpoints"))
                && RunDirectory.hasCheckpoints(runDir)) {
            throw EffitrainException.usage(runDir + " already holds checkpoints of a run; use --resume auto to continue it, "
                    + "or --set output=... for a new run");
        }
        ProgressMode mode = ProgressMode.detect();
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), mode);
        try (RunDirectory dir = RunDirectory.open(runDir)) {
            String previousRecipe = dir.readRecipe();
            dir.writeRecipe(recipe.resolvedYaml());
            RunContext ctx = new RunContext(runDir, resume, mode == ProgressMode.BAR, progress).withProfile(profileWindow);
            try (SignalStop ignored = SignalStop.install(ctx.stopRequested(), progress::println)) {
                progress.preparing();
                trainers.get(recipe.trainer()).run(recipe, ctx);
            } catch (EffitrainException e) {
                if (previousRecipe != null && !progress.started()) {
                    dir.writeRecipe(previousRecipe);   // a refused resume leaves the run as it was
                }
                throw e;
            } finally {
                progress.close();
            }
            Output.printSummary(spec.commandLine().getOut(), runDir, json);
        }
        return 0;
    }
}
