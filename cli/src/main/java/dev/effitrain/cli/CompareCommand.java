package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.report.Comparison;
import dev.effitrain.core.report.ComparisonJson;
import dev.effitrain.core.report.ComparisonText;
import dev.effitrain.core.report.PlotResult;
import dev.effitrain.core.report.ReportWriter;
import dev.effitrain.core.report.RunReader;
import dev.effitrain.core.report.XAxis;
import dev.effitrain.core.sweep.SweepDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code effitrain compare}: runs side by side, as a table, and as plots and a report with --out. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Compare runs side by side.",
            "Shows final metrics, wall time, FLOPs, peak memory, optimizer-state bytes,"
                    + " and the steps, time and FLOPs each run needed to reach a target value of a metric"
                    + " (by default the worst final value among the runs, interpolated linearly between"
                    + " logged points).",
            "With --out, also writes PNG plots (metric vs step, FLOPs, wall time, tokens; stage boundaries"
                    + " marked) and report.md into DIR. A run without summary.json (still running, or"
                    + " stopped) is compared on what it has logged, with a note."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:compared (unfinished runs included, with a note)",
            " 1:internal error",
            " 2:usage error: a path that is not a run directory, a metric no run has",
            " 3:unreadable run files (summary.json, metrics.jsonl) or unwritable --out"})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR",
            description = "Run directories (runs/NAME), or sweep directories (effitrain sweep --out DIR: their members); the first is the baseline.")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "DIR", description = "Write plots and report.md here.")
    Path out;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "Metric to compare on: val_loss (default; train_loss when no run evaluated), val_ppl,"
                    + " val_acc, train_loss, or any evaluation metric the runs log.")
    String metric;

    @Option(names = "--target", paramLabel = "VALUE",
            description = "Target value of the metric (default: the worst final value among the runs).")
    Double target;

    @Option(names = "--x", paramLabel = "AXIS", split = ",", converter = AxisConverter.class,
            description = "X axes to plot, comma-separated: step, flops, time, tokens (default: all).")
    List<XAxis> axes;

    @Mixin
    JsonOption json;

    @Option(names = "--markdown", description = "Print the comparison as markdown instead of a table.")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (json.on() && markdown) {
                throw EffitrainException.usage("--json and --markdown are alternatives; choose one");
            }
            Comparison comparison = Comparison.of(RunReader.readAll(SweepDirectory.expand(runDirs)), metric, target);
            PlotResult plots = out == null ? new PlotResult(List.of(), List.of())
                    : ReportWriter.write(comparison, out, chosenAxes(), commandLine());
            if (json.on()) {
                stdout.println(ComparisonJson.render(comparison, plots));
            } else if (markdown) {
                stdout.print(ComparisonText.markdown(comparison, plots.written(), Path.of("").toAbsolutePath(),
                        commandLine()));
            } else {
                stdout.print(ComparisonText.terminal(comparison));
                printWritten(stdout, plots);
            }
            stdout.flush();
            return ExitCode.OK.code();
        } catch (EffitrainException e) {
            stderr.println("effitrain compare: " + e.getMessage());
            stderr.flush();
            return e.exitCode().code();
        }
    }

    private void printWritten(PrintWriter stdout, PlotResult plots) {
        if (out == null) {
            stdout.println("\n(add --out DIR for plots and a markdown report)");
            return;
        }
        stdout.println("\nWrote " + plots.written().size() + " plot(s) and " + ReportWriter.REPORT + " to " + out);
        plots.skipped().forEach(s -> stdout.println("  - not drawn: " + s));
    }

    private List<XAxis> chosenAxes() {
        return axes == null || axes.isEmpty() ? List.of(XAxis.values()) : axes.stream().distinct().toList();
    }

    /** How this comparison was asked for: picocli's original arguments are the whole command line, command name included. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int self = spec.parent() == null ? -1 : args.indexOf(spec.name());
        return "effitrain compare " + String.join(" ", args.subList(self + 1, args.size()));
    }

    /** Turns "flops" into {@link XAxis#FLOPS}, with a message listing the choices. */
    static final class AxisConverter implements ITypeConverter<XAxis> {
        @Override
        public XAxis convert(String value) {
            try {
                return XAxis.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
