package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --recipe FILE} of a command that reads a checkpoint: by default the recipe of the run that wrote it. */
final class RunRecipeOption {

    @Option(names = "--recipe", paramLabel = "FILE", descriptionKey = "recipe",
            description = "Recipe describing the model (default: the run's recipe.yaml).")
    private Path file;

    /** The recipe given, else the checkpoint's run's recipe.yaml; exit 2 when there is neither. */
    Path forCheckpoint(Path checkpointDir) {
        if (file != null) {
            return file;
        }
        return CheckpointLayout.runRecipe(checkpointDir).orElseThrow(() -> EffitrainException.usage(
                checkpointDir + ": no recipe.yaml in the run directory above this checkpoint; pass --recipe FILE"));
    }
}
