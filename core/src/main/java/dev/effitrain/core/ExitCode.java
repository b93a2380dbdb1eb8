package dev.effitrain.core;

/** Process exit codes: the CLI contract documented in the README and in --help. */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL(1, "internal error"),
    USAGE(2, "usage or recipe error"),
    BAD_INPUT(3, "unreadable input (data, checkpoint) or unwritable output"),
    DIVERGED(4, "training diverged (non-finite loss or gradients)"),
    INTERRUPTED(75, "interrupted after a checkpoint was saved; safe to resume"),
    /** Exited at once on a second SIGINT/SIGTERM while stopping; the last complete checkpoint is intact. */
    STOPPED_HARD(130, "second interrupt while stopping: exited at once; last checkpoint intact");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
