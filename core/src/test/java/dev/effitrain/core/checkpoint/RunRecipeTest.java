package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe of the run that holds a checkpoint: RUN/checkpoints/step-N/ gives RUN/recipe.yaml. */
class RunRecipeTest {

    @TempDir
    Path tmp;

    @Test
    void theRunsRecipeTwoLevelsUp() throws Exception {
        Path step = Files.createDirectories(tmp.resolve("run/checkpoints/step-000010"));
        assertEquals(Optional.empty(), CheckpointLayout.runRecipe(step));
        Path recipe = Files.writeString(tmp.resolve("run/recipe.yaml"), "name: run\n");
        assertEquals(Optional.of(recipe), CheckpointLayout.runRecipe(step));
        assertEquals(Optional.of(recipe), CheckpointLayout.runRecipe(step.resolve("../step-000010")));
    }

    @Test
    void aCheckpointAtTheTopOfTheFileSystemHasNone() {
        assertEquals(Optional.empty(), CheckpointLayout.runRecipe(Path.of("/")));
        assertEquals(Optional.empty(), CheckpointLayout.runRecipe(Path.of("/step-000001")));
    }
}
