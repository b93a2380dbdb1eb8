package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.config.RecipeDiff;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a resume may change in a run's recipe. A resume continues the same run, so the model,
 * optimizer, data, seed, trainer, schedule and every other setting stay as the run's
 * {@code recipe.yaml} says; only how long it trains and how often it logs, evaluates and saves may
 * change ({@link #MAY_CHANGE}). {@code output} is where the run lies now (a run may be moved) and is
 * not compared.
 */
public final class ResumeRules {

    /** The keys a resume may change, with a warning. */
    public static final List<String> MAY_CHANGE = List.of("train.duration", "train.log_every", "train.eval_every",
            "train.checkpoint_every", "train.keep_last");
    private static final String NOT_COMPARED = "output";

    private ResumeRules() {
    }

    /**
     * Compares the recipe a resume was asked with against the run's.
     *
     * @param runRecipe the run's recipe file (for messages)
     * @return the allowed changes, empty when there are none
     * @throws EffitrainException exit 2 listing, key by key, every change a resume must not make
     */
    public static List<RecipeDiff.Change> check(Path runRecipe, String original, String resumed) {
        List<RecipeDiff.Change> changes;
        try {
            changes = RecipeDiff.between(original, resumed).stream().filter(c -> !c.key().equals(NOT_COMPARED)).toList();
        } catch (RuntimeException e) {
            throw EffitrainException.badInput(runRecipe + ": cannot read the run's recipe (" + e.getMessage() + ")", e);
        }
        List<RecipeDiff.Change> refused = changes.stream().filter(c -> !MAY_CHANGE.contains(c.key())).toList();
        if (!refused.isEmpty()) {
            throw EffitrainException.usage("cannot resume " + runRecipe.getParent() + ": the recipe differs from the run's ("
                    + runRecipe + ") in what a resume must not change:\n"
                    + refused.stream().map(c -> "  " + c).collect(Collectors.joining("\n"))
                    + "\na resume may change only " + String.join(", ", MAY_CHANGE)
                    + "; undo the other changes, or start a new run elsewhere (--set output=DIR)");
        }
        return changes;
    }

    /** The one-line warning for allowed changes. */
    public static String warning(List<RecipeDiff.Change> allowed) {
        return "warning: resuming with a changed " + allowed.stream().map(RecipeDiff.Change::toString)
                .collect(Collectors.joining(", ")) + " (recipe.yaml keeps the original; this resume's recipe is saved beside it)";
    }

    /** Where the recipe of a resume from {@code step} is kept: {@code recipe.resume-step-000400.yaml}. */
    public static String recipeFileName(long step) {
        return "recipe.resume-" + CheckpointLayout.dirName(step) + ".yaml";
    }
}
