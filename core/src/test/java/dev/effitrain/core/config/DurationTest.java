package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations: parsing every unit, resolving to steps, and their errors in recipes. */
class DurationTest {

    private static final Duration.StepContext CTX = new Duration.StepContext(50, 32, 32 * 128, 1000);

    @Test
    void parsesEveryUnit() {
        assertEquals(new Duration(500, DurationUnit.BA), Duration.parse("500ba"));
        assertEquals(new Duration(2, DurationUnit.EP), Duration.parse("2ep"));
        assertEquals(new Duration(1e6, DurationUnit.TOK), Duration.parse("1e6tok"));
        assertEquals(new Duration(64, DurationUnit.SP), Duration.parse("64sp"));
        assertEquals(new Duration(0.25, DurationUnit.DUR), Duration.parse("0.25dur"));
        assertEquals(new Duration(0.5, DurationUnit.EP), Duration.parse(" 0.5 ep "));
    }

    @Test
    void plainNumbersAreWholeSteps() {
        assertEquals(Duration.steps(500), Duration.parse("500"));
        assertEquals(Duration.steps(1000), Duration.parse("1e3"));
        var e = assertThrows(IllegalArgumentException.class, () -> Duration.parse("1.5"));
        assertTrue(e.getMessage().contains("whole number of steps"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "ba", "-3ba", "5 steps", "", "1e400ba", "abc"})
    void rejectsBadUnitsAndNumbers(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> Duration.parse(text));
        assertTrue(e.getMessage().contains("not a duration"), e.getMessage());
    }

    @Test
    void resolvesEveryUnitToSteps() {
        assertEquals(500, Duration.parse("500ba").toSteps(CTX));
        assertEquals(100, Duration.parse("2ep").toSteps(CTX));
        assertEquals(25, Duration.parse("0.5ep").toSteps(CTX));
        assertEquals(10, Duration.parse("40960tok").toSteps(CTX));
        assertEquals(2, Duration.parse("64sp").toSteps(CTX));
        assertEquals(250, Duration.parse("0.25dur").toSteps(CTX));
        assertEquals(0, Duration.parse("0ba").toSteps(CTX));
    }

    @Test
    void fractionOfTheRunNeedsTheRunLength() {
        var noTotal = new Duration.StepContext(50, 32, 4096, 0);
        assertThrows(IllegalArgumentException.class, () -> Duration.parse("0.1dur").toSteps(noTotal));
    }

    @Test
    void textRoundTrips() {
        for (String s : new String[] {"500ba", "2ep", "1000000tok", "64sp", "0.25dur", "0.5ep"}) {
            assertEquals(s, Duration.parse(s).toString());
            assertEquals(Duration.parse(s), Duration.parse(Duration.parse(s).toString()));
        }
    }

    @Test
    void recipeDurationErrorsNameTheLine(@TempDir Path tmp) {
        RecipeFixture fx = new RecipeFixture(tmp);
        var problems = fx.problemsOf("""
                schedule:
                  warmup: 10 steps
                  decay: 1.5dur
                train:
                  duration: 0.5dur
                  log_every: 0ba
                  eval_every: true
                  checkpoint_every: [1]
                """);
        assertProblem(problems, "x.yaml", 2, "schedule.warmup", "'10 steps' is not a duration");
        assertProblem(problems, "x.yaml", 3, "schedule.decay", "1.5dur is more than the whole run");
        assertProblem(problems, "x.yaml", 5, "train.duration", "cannot be a fraction of the run");
        assertProblem(problems, "x.yaml", 6, "train.log_every", "must be greater than 0");
        assertProblem(problems, "x.yaml", 7, "train.eval_every", "expected a duration such as 500ba");
        assertProblem(problems, "x.yaml", 8, "train.checkpoint_every", "expected a duration such as 500ba, 2ep or 0.1dur, got a list");
        assertEquals(6, problems.size(), RecipeFixture.show(problems));
    }

    @Test
    void tokenUnitsNeedTextData(@TempDir Path tmp) {
        RecipeFixture fx = new RecipeFixture(tmp);
        Recipe text = fx.loadText("train: { duration: 1e6tok, eval_every: 1e5tok }\n");
        assertEquals(new Duration(1e6, DurationUnit.TOK), text.train().duration());
        var problems = fx.problemsOf("""
                model: { arch: vit }
                data: { source: synthetic-image }
                train:
                  duration: 1e6tok
                """);
        assertProblem(problems, "x.yaml", 4, "train.duration", "'tok' counts tokens of text data, but data.source is synthetic-image");
    }
}
