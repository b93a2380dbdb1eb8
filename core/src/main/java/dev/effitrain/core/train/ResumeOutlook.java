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
 * What {@code effitrain run} would do with a run directory, told before it does it
 * ({@code estimate}, {@code run --dry-run}), by the same rules the run applies: the checkpoint
 * {@code --resume} picks, whether it is already at the end of the plan ({@link RunAlreadyComplete}),
 * and whether the recipe may resume it ({@link ResumeRules}).
 *
 * @param action     {@code start} (a new run), {@code resume}, {@code complete} (nothing to train) or
 *                   {@code refused} (the run would stop with an error, given in {@code note})
 * @param fromStep   the step it would continue from ({@code resume}, {@code complete}), else null
 * @param checkpoint the checkpoint it would load, else null
 * @param note       the warning or error the run would print, else null
 */
public record ResumeOutlook(String action, Long fromStep, String checkpoint, String note) {

    public static ResumeOutlook of(String resume, Path runDir, long totalSteps, String recipeYaml) {
        if (resume.equals("never") && RunDirectory.holdsARun(runDir)) {
            return refused(runDir + " already holds a run, and --resume never does not continue one");
        }
        Optional<Path> from;
        try {
            from = CheckpointReader.resolveResume(resume, runDir);
        } catch (EffitrainException e) {
            return refused(e.getMessage());
        }
        if (from.isEmpty()) {
            return new ResumeOutlook("start", null, null, null);
        }
        long step = checkpointStep(from.get());
        if (step >= totalSteps) {
            return new ResumeOutlook("complete", step, from.get().toString(), null);
        }
        String note = null;
        Path own = runDir.resolve("recipe.yaml");
        if (Files.isRegularFile(own)) {
            try {
                List<RecipeDiff.Change> allowed = ResumeRules.check(own, Files.readString(own, StandardCharsets.UTF_8), recipeYaml);
                note = allowed.isEmpty() ? null : ResumeRules.warning(allowed);
            } catch (EffitrainException | IOException e) {
                return refused(e.getMessage());
            }
        }
        return new ResumeOutlook("resume", step, from.get().toString(), note);
    }

    /** The step a checkpoint was saved at: its directory name, else its state.json. */
    static long checkpointStep(Path checkpoint) {
        return CheckpointLayout.stepOf(checkpoint)
                .orElseGet(() -> CheckpointReader.describe(checkpoint).state().get("step").getAsLong());
    }

    private static ResumeOutlook refused(String why) {
        return new ResumeOutlook("refused", null, null, why);
    }

    /** One line for people. */
    public String describe(long totalSteps) {
        return switch (action) {
            case "start" -> "a new run (no checkpoint to resume)";
            case "resume" -> "resume from step " + fromStep + " of " + totalSteps + " (" + checkpoint + ")"
                    + (note == null ? "" : "; " + note);
            case "complete" -> "already complete (step " + fromStep + " of " + totalSteps + "): nothing to train";
            default -> "refused: " + note.lines().findFirst().orElse(note);
        };
    }
}
