package dev.effitrain.cli;

import picocli.CommandLine.Option;

/** {@code --resume auto|never|PATH}: how a run continues; estimate takes it to say what the run would do. */
final class ResumeOption {

    @Option(names = "--resume", paramLabel = "auto|never|PATH", defaultValue = "auto", descriptionKey = "resume",
            description = "auto (default): continue from the run's newest complete checkpoint if there is one; "
                    + "never: start a new run, refused if the run directory already holds one; PATH: a checkpoint directory. "
                    + "A resume may change only train.duration and the log, eval and checkpoint intervals and keep_last.")
    private String resume;

    String value() {
        return resume;
    }
}
