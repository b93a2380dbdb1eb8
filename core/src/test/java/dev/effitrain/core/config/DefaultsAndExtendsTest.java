package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.config.ConfigNode.MapNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering: built-in defaults < trainer defaults < extends chain < recipe file. */
class DefaultsAndExtendsTest {

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
    }

    @Test
    void builtInDefaultsCoverEveryKeyOfEveryBuiltInSection() {
        MapNode defaults = BuiltinDefaults.core(tmp);
        assertEquals(RecipeBinder.BUILTIN_KEYS, List.copyOf(defaults.entries().keySet()));
        for (var c : RecipeBinder.TopLevel.class.getRecordComponents()) {
            if (c.getType().isRecord() && c.getType() != Duration.class) {
                String key = KeyPaths.snakeCase(c.getName());
                @SuppressWarnings("unchecked")
                List<String> expected = Binder.keysOf((Class<? extends Record>) c.getType());
                assertEquals(expected, List.copyOf(((MapNode) defaults.get(key)).entries().keySet()), key);
            }
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Recipe r = fx.loadText(RecipeFixture.MINIMAL);
        assertEquals("standard", r.trainer());
        assertEquals(0L, r.seed());
        assertEquals("auto", r.device());
        assertEquals("runs/x", r.output());
        assertEquals(new ModelConfig("gpt", 4, 128, 4, 4, 0, 0.0, 128, 0, true, "standard", 32, 4, 0, 0, "cls", "learned"),
                r.model());
        assertEquals(new DataConfig("synthetic-text", null, "bytes", 0.05, 0, 1_000_000, true, 0, false), r.data());
        assertEquals(new OptimizerConfig("adamw", 3e-4, List.of(0.9, 0.95), 1e-8, 0.1, 0.9, false, false, 256, 4096, List.of()),
                r.optimizer());
        assertEquals(new ScheduleConfig("cosine", Duration.steps(0), 0.0, new Duration(0.2, DurationUnit.DUR)), r.schedule());
        assertEquals(new TrainConfig(Duration.steps(100), 32, 1, 1.0, Duration.steps(10), Duration.steps(0), 20,
                Duration.steps(0), 3, "fail"), r.train());
    }

    @Test
    void trainerDefaultsSitBetweenBuiltInsAndTheRecipe() {
        Recipe fromTrainer = fx.loadText("trainer: staged\n" + RecipeFixture.MINIMAL);
        assertEquals(2, fromTrainer.model().layers());
        Recipe fromRecipe = fx.loadText("trainer: staged\nmodel: { layers: 5 }\n" + RecipeFixture.MINIMAL);
        assertEquals(5, fromRecipe.model().layers());
        Recipe otherTrainer = fx.loadText(RecipeFixture.MINIMAL);
        assertEquals(4, otherTrainer.model().layers(), "another trainer's defaults do not apply");
    }

    @Test
    void extendsResolvesRelativeToTheIncludingFileAndDeepMerges() {
        fx.write("configs/models/small.yaml", """
                model: { layers: 2, d_model: 64, heads: 2 }
                optimizer: { betas: [0.5, 0.6, 0.7], lr: 1e-3 }
                """);
        fx.write("configs/base.yaml", """
                extends: models/small.yaml
                seed: 7
                model: { heads: 4 }
                train: { duration: 50ba, batch_size: 8 }
                """);
        fx.write("recipes/run.yaml", """
                extends: ../configs/base.yaml
                model: { layers: 3 }
                optimizer: { betas: [0.9, 0.99] }
                train: { batch_size: 4 }
                """);
        Recipe r = fx.load("recipes/run.yaml");
        assertEquals(7L, r.seed());
        assertEquals(3, r.model().layers(), "the file wins");
        assertEquals(64, r.model().dModel(), "deep merge keeps keys from the base");
        assertEquals(4, r.model().heads(), "nearer files win over farther ones");
        assertEquals(List.of(0.9, 0.99), r.optimizer().betas(), "lists are replaced, not merged");
        assertEquals(1e-3, r.optimizer().lr());
        assertEquals(Duration.steps(50), r.train().duration());
        assertEquals(4, r.train().batchSize());
        assertEquals("run", r.name());
        assertTrue(r.resolvedYaml().lines().noneMatch(l -> l.startsWith("extends")), "the resolved recipe has no extends");
    }

    @Test
    void extendsListLaterEntriesWin() {
        fx.write("a.yaml", "seed: 1\ndevice: cpu\n");
        fx.write("b.yaml", "seed: 2\n");
        Recipe r = fx.loadText("extends: [a.yaml, b.yaml]\n" + RecipeFixture.MINIMAL);
        assertEquals(2L, r.seed());
        assertEquals("cpu", r.device());
    }

    @Test
    void extendsListMergesKeyByKeyAndTheRecipeWinsOverAll() {
        fx.write("configs/models/m.yaml", "model: { layers: 2, d_model: 64, heads: 2 }\n");
        fx.write("configs/optim/o.yaml", "extends: [base.yaml]\noptimizer: { lr: 0.01 }\n");
        fx.write("configs/optim/base.yaml", "optimizer: { name: sgd, lr: 0.5, momentum: 0.8 }\n");
        fx.write("configs/models/wide.yaml", "model: { d_model: 128 }\n");
        fx.write("recipes/r.yaml", """
                extends:
                  - ../configs/models/m.yaml
                  - ../configs/optim/o.yaml
                  - ../configs/models/wide.yaml
                model: { heads: 4 }
                """ + RecipeFixture.MINIMAL);
        Recipe r = fx.load("recipes/r.yaml");
        assertEquals(2, r.model().layers(), "from the first entry");
        assertEquals(128, r.model().dModel(), "a later entry wins");
        assertEquals(4, r.model().heads(), "the recipe wins over every entry");
        assertEquals("sgd", r.optimizer().name(), "an entry's own extends: lies under it");
        assertEquals(0.01, r.optimizer().lr());
        assertEquals(0.8, r.optimizer().momentum());
    }

    @Test
    void problemsInAnExtendsListNameTheEntry() {
        fx.write("ok.yaml", "seed: 1\n");
        fx.write("a.yaml", "extends: [ok.yaml, x.yaml]\n");
        var cycle = fx.problemsOf("extends: [ok.yaml, a.yaml]\n" + RecipeFixture.MINIMAL);
        assertProblem(cycle, "a.yaml", 1, "extends[1]", "cycle: x.yaml -> a.yaml -> x.yaml");
        var missing = fx.problemsOf("extends: [ok.yaml, nope.yaml]\n" + RecipeFixture.MINIMAL);
        assertProblem(missing, "x.yaml", 1, "extends[1]", "no such file: nope.yaml");
        var wrongType = fx.problemsOf("extends: [ok.yaml, 3]\n" + RecipeFixture.MINIMAL);
        assertProblem(wrongType, "x.yaml", 1, "extends[1]", "expected a file path or a list of file paths");
    }

    @Test
    void errorsInAnExtendedFileNameThatFile() {
        fx.write("configs/base.yaml", "model:\n  layers: many\n");
        var problems = fx.problemsOf("extends: configs/base.yaml\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "configs/base.yaml", 2, "model.layers", "expected an integer, got 'many'");
    }

    @Test
    void extendsCyclesAreReported() {
        fx.write("a.yaml", "extends: b.yaml\nseed: 1\n");
        fx.write("b.yaml", "extends: c.yaml\n");
        fx.write("c.yaml", "extends: a.yaml\n");
        var problems = fx.problemsOf("extends: a.yaml\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "c.yaml", 1, "extends", "cycle: x.yaml -> a.yaml -> b.yaml -> c.yaml -> a.yaml");
    }

    @Test
    void selfExtensionIsACycle() {
        var problems = fx.problemsOf("extends: x.yaml\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "extends", "cycle: x.yaml -> x.yaml");
    }

    @Test
    void aFileExtendedTwiceWithoutACycleIsFine() {
        fx.write("common.yaml", "seed: 3\n");
        fx.write("a.yaml", "extends: common.yaml\n");
        fx.write("b.yaml", "extends: common.yaml\n");
        assertEquals(3L, fx.loadText("extends: [a.yaml, b.yaml]\n" + RecipeFixture.MINIMAL).seed());
    }

    @Test
    void missingOrMalformedExtendsAreReportedAtTheirLine() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                extends:
                  - configs/nope.yaml
                """);
        assertProblem(problems, "x.yaml", 3, "extends[0]", "no such file: configs/nope.yaml (looked for "
                + tmp.resolve("configs/nope.yaml"));
        var bad = fx.problemsOf("extends: { a: 1 }\n" + RecipeFixture.MINIMAL);
        assertProblem(bad, "x.yaml", 1, "extends", "expected a file path or a list of file paths");
    }

    @Test
    void syntaxErrorInAnExtendedFileStopsWithItsLocation() {
        fx.write("base.yaml", "model: {\n");
        var problems = fx.problemsOf("extends: base.yaml\n" + RecipeFixture.MINIMAL);
        assertEquals(1, problems.size(), RecipeFixture.show(problems));
        assertTrue(problems.get(0).file().endsWith("base.yaml"));
        assertTrue(problems.get(0).message().startsWith("YAML syntax error"));
    }

    @Test
    void nullSectionInAFileKeepsTheInheritedValues() {
        Recipe r = fx.loadText("model:\n" + RecipeFixture.MINIMAL);
        assertEquals(4, r.model().layers());
    }
}
