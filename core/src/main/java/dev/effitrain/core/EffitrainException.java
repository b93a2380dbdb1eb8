package dev.effitrain.core;

/**
 * An error the user can act on: it carries the exit code and a one-line message that names the
 * file, line or key at fault. The CLI prints {@link #getMessage()} and exits with {@link #exitCode()};
 * it never prints a stack trace for these.
 */
public class EffitrainException extends RuntimeException {
    private final ExitCode exitCode;

    public EffitrainException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public EffitrainException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** Unreadable or corrupt input: data set, checkpoint, tokenizer (exit 3). */
    public static EffitrainException badInput(String message) {
        return new EffitrainException(ExitCode.BAD_INPUT, message);
    }

    public static EffitrainException badInput(String message, Throwable cause) {
        return new EffitrainException(ExitCode.BAD_INPUT, message, cause);
    }

    /** Bad command line or recipe (exit 2). */
    public static EffitrainException usage(String message) {
        return new EffitrainException(ExitCode.USAGE, message);
    }
}
