package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.sweep.MemberStatus;
import dev.effitrain.core.sweep.SweepDirectory;
import dev.effitrain.core.sweep.SweepGrid;
import dev.effitrain.core.sweep.SweepMember;
import dev.effitrain.core.sweep.SweepPlan;
import dev.effitrain.core.sweep.SweepReport;
import dev.effitrain.core.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code effitrain sweep}: a grid of runs times seeds, one after another in this process, each an
 * ordinary run directory; a rerun skips finished members and resumes a stopped one.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Run a recipe over a grid of values times seeds, one run after another, then write a table,"
                + " sweep.json and a sensitivity plot (final loss vs the first numeric grid key, log x axis).",
            "Each member is an ordinary run directory, DIR/members/NN-KEY=VALUE-...-seed=S. Rerun the same command"
                + " to continue: finished members (completed or diverged) are skipped, a stopped one resumes"
                + " from its newest checkpoint. effitrain compare DIR reads the sweep."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:every member finished (diverged members included: they are results)",
            " 2:usage or recipe error (also a --out that holds another sweep)",
            " 3:unreadable input or unwritable output",
            "75:interrupted; rerun the same command to continue"})
final class SweepCommand implements Callable<Integer> {

    @Mixin
    RecipeArgument recipeArgument;

    @Option(names = "--grid", paramLabel = "KEY=[V1,V2,...]", required = true,
            description = "A recipe key and its values, e.g. optimizer.lr=[1e-4,3e-4,1e-3] (repeatable: the grid is their product).")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Runs per grid point, with seeds seed, seed+1, ... (default 1).")
    int seeds;

    @Mixin
    RecipeOverrides overrides;

    @Option(names = "--out", paramLabel = "DIR", description = "The sweep directory (default: runs/sweep-NAME).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (seeds < 1) {
            throw EffitrainException.usage("--seeds must be 1 or more, got " + seeds);
        }
        SweepGrid parsed = SweepGrid.parse(grid);
        Map<String, TrainerModule> trainers = Trainers.available();
        List<String> sets = overrides.list();
        Recipe base = RecipeLoader.load(recipeArgument.path(), sets, trainers);
        Path dir = (out != null ? out : Path.of("runs", "sweep-" + base.name())).toAbsolutePath().normalize();
        SweepSpec sweep = new SweepSpec(recipeArgument.given(), List.copyOf(sets), parsed.axes(), seeds);
        SweepDirectory.requireSameSweep(dir, sweep);
        List<SweepMember> members = SweepPlan.members(parsed, seeds, base.seed());
        for (SweepMember m : members) {   // every member's recipe validates before the first one trains
            RecipeLoader.load(recipeArgument.path(), memberSets(dir, m), trainers);
        }
        SweepReport report = new SweepReport(dir, sweep, members);
        report.writePlan();
        for (SweepMember m : members) {
            Path runDir = SweepDirectory.memberDir(dir, m);
            MemberStatus status = MemberStatus.of(runDir);
            String which = "member " + (m.index() + 1) + "/" + members.size() + " (" + String.join(" ", m.overrides()) + ")";
            if (status == MemberStatus.DONE) {
                stderr.println(which + ": finished before, skipped");
                stderr.flush();
                continue;
            }
            stderr.println(which + (status == MemberStatus.STARTED ? ": resuming" : ": starting") + " in " + runDir);
            stderr.flush();
            int code = Main.execute(runArgs(dir, m), stdout, stderr);
            if (code == ExitCode.DIVERGED.code()) {
                stderr.println(which + ": diverged; recorded as such, the sweep goes on");
            } else if (code != ExitCode.OK.code()) {
                stderr.println("sweep stopped at " + which + " (exit " + code + "); rerun the same command to continue");
                stderr.flush();
                report.write();
                return code;
            }
        }
        stdout.print(report.write());
        stdout.println("sweep: " + dir);
        stdout.flush();
        return 0;
    }

    private List<String> memberSets(Path dir, SweepMember m) {
        List<String> all = new ArrayList<>(overrides.list());
        all.addAll(m.overrides());
        all.add("output=" + SweepDirectory.memberDir(dir, m));
        return all;
    }

    private String[] runArgs(Path dir, SweepMember m) {
        List<String> args = new ArrayList<>(List.of("run", recipeArgument.given(), "--resume", "auto"));
        for (String s : memberSets(dir, m)) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(String[]::new);
    }
}
