package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: {@code effitrain COMMAND ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(args);
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command in-process (also what the tests call); returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RootCommand());
        addExitCodeFooter(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine.getErr()));
        Trainers.load().problems().forEach(p -> err.println("warning: " + p));   // a broken plugin: one line each
        err.flush();
        return cli.execute(args);
    }

    /** The general exit-code table, on every command that does not list its own (compare does). */
    private static void addExitCodeFooter(CommandLine cli) {
        if (cli.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            cli.getCommandSpec().usageMessage().footer(ExitCodes.helpLines());
        }
        cli.getSubcommands().values().forEach(Main::addExitCodeFooter);
    }

    /** User-facing failures get one line and their exit code; anything else is an internal error. */
    static int handle(Exception ex, PrintWriter err) {
        if (ex instanceof EffitrainException e) {
            // a stop on request, with a checkpoint saved, is not an error: say what happened, plainly
            String prefix = e.exitCode() == ExitCode.INTERRUPTED ? "" : "error: ";
            for (String line : e.getMessage().split("\n")) {
                err.println(prefix + line);
            }
            err.flush();
            return e.exitCode().code();
        }
        err.println("internal error: " + ex + " (please report it; rerun with -v for the stack trace)");
        if (Boolean.getBoolean("effitrain.verbose")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    /** DJL's INFO chatter is off unless -v; must be set before Log4j initialises. */
    private static void configureLogging(String[] args) {
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                System.setProperty("djl.log.level", "INFO");
                System.setProperty("effitrain.log.level", "DEBUG");
                System.setProperty("effitrain.verbose", "true");
            }
        }
    }
}
