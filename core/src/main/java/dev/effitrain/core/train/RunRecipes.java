package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.RecipeDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recipe files of a run directory. A new run writes {@code recipe.yaml}. A resume checks its
 * recipe against the run's ({@link ResumeRules}) and never overwrites {@code recipe.yaml}: when the
 * recipe differs, it is kept beside it as {@code recipe.resume-step-NNNNNN.yaml} once the checkpoint
 * has been restored.
 */
public final class RunRecipes {

    private RunRecipes() {
    }

    /**
     * Writes or checks the recipe before training; returns the warning to show for allowed changes.
     *
     * @throws EffitrainException exit 2 when a resume would change what it must not
     */
    public static Optional<String> prepare(RunDirectory dir, String resume, String yaml, RunContext ctx) {
        boolean resuming = !resume.equals("never") && (!resume.equals("auto") || RunDirectory.hasCheckpoints(dir.path()));
        if (!resuming) {
            dir.writeRecipe(yaml);
            return Optional.empty();
        }
        Path own = dir.path().resolve("recipe.yaml");
        Path reference = Files.isRegularFile(own) ? own : checkpointsRun(resume);
        if (reference == null) {
            ctx.onResume(step -> dir.writeRecipe(yaml));
            return Optional.empty();
        }
        String original = read(reference);
        List<RecipeDiff.Change> allowed = ResumeRules.check(reference, original, yaml);
        if (reference != own) {
            ctx.onResume(step -> dir.writeRecipe(yaml));
        } else if (!original.equals(yaml)) {
            ctx.onResume(step -> dir.writeResumeRecipe(step, yaml));
        }
        return allowed.isEmpty() ? Optional.empty() : Optional.of(ResumeRules.warning(allowed));
    }

    /** {@code --resume PATH}: the recipe.yaml of the run that holds the checkpoint, or null. */
    private static Path checkpointsRun(String resume) {
        if (resume.equals("auto")) {
            return null;
        }
        return CheckpointLayout.runRecipe(CheckpointReader.resolve(Path.of(resume))).orElse(null);
    }

    private static String read(Path recipe) {
        try {
            return Files.readString(recipe, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EffitrainException.badInput(recipe + ": cannot read the run's recipe (" + e.getMessage() + ")");
        }
    }
}
