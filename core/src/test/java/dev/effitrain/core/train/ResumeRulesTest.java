package dev.effitrain.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.RecipeDiff;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resume may change in a run's recipe, and how a refusal reads. */
class ResumeRulesTest {
    private static final String RUN = """
            name: r
            trainer: standard
            seed: 1
            output: /runs/r
            model: {arch: gpt, layers: 4, d_model: 128}
            optimizer: {name: adamw, lr: 0.001, betas: [0.9, 0.95]}
            data: {source: synthetic-text}
            train: {duration: 600ba, log_every: 10ba, keep_last: 2}
            progressive:
              stages:
                - {until: 100ba, model: {layers: 2}}
            """;
    private static final Path RECIPE = Path.of("/runs/r/recipe.yaml");

    private static String with(String from, String to) {
        assertTrue(RUN.contains(from), from);
        return RUN.replace(from, to);
    }

    @Test
    void anUnchangedOrMovedRunResumesSilently() {
        assertEquals(List.of(), ResumeRules.check(RECIPE, RUN, RUN));
        assertEquals(List.of(), ResumeRules.check(RECIPE, RUN, with("output: /runs/r", "output: /elsewhere/r")));
    }

    @Test
    void durationAndIntervalsMayChange() {
        List<RecipeDiff.Change> allowed = ResumeRules.check(RECIPE, RUN,
                with("duration: 600ba, log_every: 10ba, keep_last: 2", "duration: 800ba, log_every: 5ba, keep_last: 3"));
        assertEquals(List.of("train.duration: 600ba -> 800ba", "train.log_every: 10ba -> 5ba", "train.keep_last: 2 -> 3"),
                allowed.stream().map(Object::toString).toList());
        String warning = ResumeRules.warning(allowed);
        assertTrue(warning.startsWith("warning: ") && !warning.contains("\n") && warning.contains("600ba -> 800ba"), warning);
    }

    @Test
    void modelOptimizerDataSeedAndTrainerChangesAreRefusedKeyByKey() {
        String changed = with("layers: 4", "layers: 2").replace("name: adamw", "name: lion").replace("seed: 1", "seed: 2")
                .replace("trainer: standard", "trainer: progressive").replace("source: synthetic-text", "source: text")
                .replace("betas: [0.9, 0.95]", "betas: [0.9, 0.99]").replace("{until: 100ba", "{until: 200ba");
        EffitrainException e = assertThrows(EffitrainException.class, () -> ResumeRules.check(RECIPE, RUN, changed));
        assertEquals(ExitCode.USAGE, e.exitCode());
        for (String line : List.of("  model.layers: 4 -> 2", "  optimizer.name: adamw -> lion", "  seed: 1 -> 2",
                "  trainer: standard -> progressive", "  data.source: synthetic-text -> text",
                "  optimizer.betas: [0.9, 0.95] -> [0.9, 0.99]", "  progressive.stages[0].until: 100ba -> 200ba")) {
            assertTrue(e.getMessage().lines().anyMatch(line::equals), "missing '" + line + "' in:\n" + e.getMessage());
        }
        assertTrue(e.getMessage().contains(RECIPE.toString()) && e.getMessage().contains("--set output="), e.getMessage());
    }

    @Test
    void aKeyAddedOrRemovedIsAChangeToo() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> ResumeRules.check(RECIPE, RUN, with("d_model: 128}", "d_model: 128, dropout: 0.1}")));
        assertTrue(e.getMessage().contains("model.dropout: (absent) -> 0.1"), e.getMessage());
    }

    @Test
    void resumeRecipesAreNamedForTheirStep() {
        assertEquals("recipe.resume-step-000400.yaml", ResumeRules.recipeFileName(400));
    }
}
