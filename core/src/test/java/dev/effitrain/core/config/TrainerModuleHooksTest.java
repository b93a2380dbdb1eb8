package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the loader uses a trainer module: its defaults, its sections, its validate(). */
class TrainerModuleHooksTest {

    @TempDir
    Path tmp;

    private Recipe load(TrainerModule module, String text) {
        new RecipeFixture(tmp).write("x.yaml", "trainer: " + module.name() + "\n" + text);
        return RecipeLoader.load(tmp.resolve("x.yaml"), List.of(), Map.of(module.name(), module));
    }

    @Test
    void aSectionNeitherWrittenNorDefaultedIsAbsent() {
        Recipe r = RecipeLoader.load(new RecipeFixture(tmp).write("x.yaml", "trainer: other\n" + RecipeFixture.MINIMAL),
                List.of(), TestTrainers.ALL);
        assertFalse(r.sections().containsKey("other"));
        assertEquals(null, r.section("other", TestTrainers.OtherConfig.class));
    }

    @Test
    void brokenTrainerDefaultsAreReportedAsSuch() {
        var e = assertThrows(ValidationErrors.RecipeException.class,
                () -> load(module("bad", "model: {layers: 2\n", null), RecipeFixture.MINIMAL));
        assertTrue(e.getMessage().startsWith("trainer 'bad' defaults:"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
    }

    @Test
    void aCrashInValidateIsABugUnlessTheRecipeAlreadyHasProblems() {
        TrainerModule crashing = module("crash", null, new IllegalStateException("boom"));
        var bug = assertThrows(IllegalStateException.class, () -> load(crashing, RecipeFixture.MINIMAL));
        assertEquals("boom", bug.getMessage());
        var reported = assertThrows(ValidationErrors.RecipeException.class,
                () -> load(crashing, "model: { heads: 3 }\n" + RecipeFixture.MINIMAL));
        assertEquals(1, reported.problems().size(), reported.getMessage());
        assertEquals("model.heads", reported.problems().get(0).keyPath());
    }

    @Test
    void validateSeesTheBoundRecipeWithItsResolvedYaml() {
        Recipe[] seen = new Recipe[1];
        TrainerModule spy = new TrainerModule() {
            public String name() {
                return "spy";
            }

            public String description() {
                return "spy";
            }

            public void validate(Recipe recipe, ValidationErrors errors) {
                seen[0] = recipe;
            }

            public void run(Recipe recipe, RunContext context) {
            }
        };
        Recipe r = load(spy, RecipeFixture.MINIMAL);
        assertEquals(r, seen[0]);
        assertTrue(seen[0].resolvedYaml().contains("trainer: spy"));
    }

    private static TrainerModule module(String name, String defaults, RuntimeException onValidate) {
        return new TrainerModule() {
            public String name() {
                return name;
            }

            public String description() {
                return name;
            }

            public String defaultsYaml() {
                return defaults;
            }

            public void validate(Recipe recipe, ValidationErrors errors) {
                if (onValidate != null) {
                    throw onValidate;
                }
            }

            public void run(Recipe recipe, RunContext context) {
            }
        };
    }
}
