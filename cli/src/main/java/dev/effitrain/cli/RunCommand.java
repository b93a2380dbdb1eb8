package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.ResolvedRecipe;
import dev.effitrain.core.estimate.Estimator;
import dev.effitrain.core.estimate.RunEstimate;
import dev.effitrain.core.optim.LrScaling;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.OpProfiler;
import dev.effitrain.core.train.RunAlreadyComplete;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.RunDirectory;
import dev.effitrain.core.train.RunRecipes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate a recipe, then train it.",
                "Writes runs/NAME/{recipe.yaml, metrics.jsonl, summary.json, checkpoints/}."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    RecipeArgument recipeArgument;

    @Mixin
    RecipeOverrides overrides;

    @Mixin
    ResumeOption resume;

    @Option(names = "--dry-run", description = "Validate, print the estimate (as for effitrain estimate) and the resolved recipe; "
            + "train nothing. Text: the estimate as YAML comments above the recipe; --json: {\"estimate\": ..., \"recipe\": ...}.")
    boolean dryRun;

    @Option(names = "--profile", paramLabel = "FROM:TO",
            description = "Profile libtorch operators over optimizer steps FROM+1..TO (e.g. 50:60): "
                    + "writes profile/trace.json (Chrome trace) and profile/ops.txt (ops by self time) in the run directory.")
    String profile;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, TrainerModule> trainers = Trainers.available();
        OpProfiler.Window profileWindow = profile == null ? null : OpProfiler.Window.parse(profile);
        Recipe recipe = RecipeLoader.load(recipeArgument.path(), overrides.list(), trainers);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun) {
            RunEstimate estimate = Estimator.estimate(recipe, trainers.get(recipe.trainer()), resume.value());
            if (json.on()) {
                Map<String, Object> both = new LinkedHashMap<>();
                both.put("estimate", estimate.toMap());
                both.put("recipe", ResolvedRecipe.toMap(recipe));
                Output.json(out, both);
            } else {
                estimate.lines().forEach(line -> out.println("# " + line));
                out.print(recipe.resolvedYaml());
                out.flush();
            }
            return 0;
        }
        Path runDir = Path.of(recipe.output()).toAbsolutePath().normalize();
        if (resume.value().equals("never") && RunDirectory.holdsARun(runDir)) {
            throw EffitrainException.usage(runDir + " already holds a run: continue it with --resume auto, "
                    + "or start a new one elsewhere with --set output=DIR");
        }
        ProgressMode mode = ProgressMode.detect();
        ConsoleProgress progress = new ConsoleProgress(err, mode);
        try (RunDirectory dir = RunDirectory.open(runDir)) {
            RunContext ctx = new RunContext(runDir, resume.value(), mode == ProgressMode.BAR, progress).withProfile(profileWindow);
            RunRecipes.prepare(dir, resume.value(), recipe.resolvedYaml(), ctx).ifPresent(progress::println);
            try (SignalStop ignored = SignalStop.install(ctx.stopRequested(), progress::println)) {
                Recipe scaled = LrScaling.apply(recipe);
                LrScaling.describe(recipe, scaled).ifPresent(progress::println);
                progress.preparing();
                trainers.get(recipe.trainer()).run(scaled, ctx);
            } catch (RunAlreadyComplete done) {
                printAlreadyComplete(done, runDir);
                return 0;
            } finally {
                progress.close();
            }
            Output.printSummary(out, runDir, json.on());
        }
        return 0;
    }

    /** One line; with --json the run's summary (the line then goes to stderr). */
    private void printAlreadyComplete(RunAlreadyComplete done, Path runDir) {
        if (!json.on()) {
            spec.commandLine().getOut().println(done.getMessage());
            spec.commandLine().getOut().flush();
            return;
        }
        spec.commandLine().getErr().println(done.getMessage());
        spec.commandLine().getErr().flush();
        Output.json(spec.commandLine().getOut(), Output.readSummary(runDir));
    }
}
