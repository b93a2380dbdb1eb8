package dev.effitrain.cli;

import dev.effitrain.core.checkpoint.CheckpointReader;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The CKPT argument: a checkpoint directory, a file in one, or a run directory (its newest checkpoint). */
final class CheckpointArgument {

    @Parameters(index = "0", paramLabel = "CKPT", descriptionKey = "checkpoint")
    private Path path;

    /** The checkpoint directory it names; exit 3 when there is none. */
    Path dir() {
        return CheckpointReader.resolve(path);
    }
}
