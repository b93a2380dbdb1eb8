package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.ExitCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing YAML into the typed records: values, types, unknown keys, YAML-level errors. */
class RecipeBindingTest {

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
    }

    @Test
    void bindsEveryBuiltInSectionOntoTheRecords() {
        Recipe r = fx.loadText("""
                name: demo
                seed: 1234
                device: cpu
                model: { arch: gpt, layers: 6, d_model: 256, heads: 8, seq_len: 64, tie_embeddings: false, dropout: 0.1 }
                data: { source: synthetic-text, val_fraction: 0.1, synthetic_size: 5000 }
                optimizer:
                  name: adamw8bit
                  lr: 1e-3
                  betas: [0.8, 0.99]
                  min_8bit_size: 1_000
                  overrides:
                    - { match: 'embed.*', state: 32bit }
                    - { match: '*.bias', lr: 0.01, weight_decay: 0 }
                schedule: { name: wsd, warmup: 20ba, min_lr: 1e-5, decay: 0.25dur }
                train: { duration: 2ep, batch_size: 16, grad_accum: 4, log_every: 5, on_nonfinite: skip }
                """);
        assertEquals("demo", r.name());
        assertEquals(1234L, r.seed());
        assertEquals("cpu", r.device());
        assertEquals(new ModelConfig("gpt", 6, 256, 8, 4, 0, 0.1, 64, 0, false, "standard", 32, 4, 0, 0, "cls", "learned"),
                r.model());
        assertEquals(32, r.model().headDim());
        assertEquals(0.1, r.data().valFraction());
        assertEquals(5000L, r.data().syntheticSize());
        assertEquals("adamw8bit", r.optimizer().name());
        assertEquals(1e-3, r.optimizer().lr());
        assertEquals(List.of(0.8, 0.99), r.optimizer().betas());
        assertEquals(1000L, r.optimizer().min8bitSize());
        assertEquals(List.of(new OptimizerConfig.ParamOverride("embed.*", "32bit", null, null),
                new OptimizerConfig.ParamOverride("*.bias", null, 0.01, 0.0)), r.optimizer().overrides());
        assertEquals(new ScheduleConfig("wsd", new Duration(20, DurationUnit.BA), 1e-5, new Duration(0.25, DurationUnit.DUR)),
                r.schedule());
        assertEquals(new Duration(2, DurationUnit.EP), r.train().duration());
        assertEquals(Duration.steps(5), r.train().logEvery());
        assertEquals(4, r.train().microBatch());
        assertEquals("skip", r.train().onNonfinite());
        assertEquals(tmp.toAbsolutePath().normalize(), r.baseDir());
        assertTrue(r.sections().isEmpty());
    }

    @Test
    void bindsTrainerSectionsWithNestedRecordsEnumsAndRawMaps() {
        Recipe r = fx.loadText("""
                trainer: staged
                train: { duration: 300ba }
                staged:
                  patience: 3
                  teacher: ckpt/teacher
                  stages:
                    - { until: 100ba, model: { layers: 3 }, grow: zero-init }
                    - { until: 200, model: { layers: 4, d_model: 128 }, grow: stack }
                """);
        TestTrainers.StagedConfig s = r.section("staged", TestTrainers.StagedConfig.class);
        assertEquals("grow", s.mode(), "from the trainer's defaults");
        assertEquals(3, s.patience());
        assertEquals(tmp.resolve("ckpt/teacher").toAbsolutePath().normalize().toString(), s.teacher(),
                "@RecipePath components become absolute");
        assertEquals(new TestTrainers.Stage(Duration.steps(100), Map.of("layers", 3), TestTrainers.Growth.ZERO_INIT),
                s.stages().get(0));
        assertEquals(Map.of("layers", 4, "d_model", 128), s.stages().get(1).model());
        assertEquals(Duration.steps(200), s.stages().get(1).until(), "a plain integer is steps");
        assertEquals(2, r.model().layers(), "trainer defaults sit above the built-in defaults");
    }

    @Test
    void wrongTypesNameTheLineAndWhatWasExpected() {
        var problems = fx.problemsOf("""
                model:
                  layers: abc
                  dropout: high
                  tie_embeddings: maybe
                  d_model: [1, 2]
                optimizer:
                  betas: 0.9
                train:
                  duration: 100ba
                  batch_size: 3000000000
                  log_every: 1.5
                data: 7
                """);
        assertProblem(problems, "x.yaml", 2, "model.layers", "expected an integer, got 'abc'");
        assertProblem(problems, "x.yaml", 3, "model.dropout", "expected a number, got 'high'");
        assertProblem(problems, "x.yaml", 4, "model.tie_embeddings", "expected true or false, got 'maybe'");
        assertProblem(problems, "x.yaml", 5, "model.d_model", "expected an integer, got a list");
        assertProblem(problems, "x.yaml", 7, "optimizer.betas", "expected a list");
        assertProblem(problems, "x.yaml", 10, "train.batch_size", "out of range");
        assertProblem(problems, "x.yaml", 11, "train.log_every", "whole number of steps");
        assertProblem(problems, "x.yaml", 12, "data", "expected a mapping with keys source, path");
        assertEquals(8, problems.size(), RecipeFixture.show(problems));
    }

    @Test
    void nullWhereAValueIsRequired() {
        var problems = fx.problemsOf("""
                train:
                  duration: 100ba
                  batch_size: null
                model:
                  layers: ~
                """);
        assertProblem(problems, "x.yaml", 3, "train.batch_size", "a value is required (expected an integer)");
        assertProblem(problems, "x.yaml", 5, "model.layers", "a value is required");
    }

    @Test
    void missingPrimitiveInATrainerSectionIsReported() {
        var problems = fx.problemsOf("""
                trainer: other
                train: { duration: 10ba }
                other: {}
                """);
        assertProblem(problems, "x.yaml", 3, "other.k", "required key is missing");
    }

    @Test
    void unknownKeysAtEveryLevelSuggestTheClosestKey() {
        var problems = fx.problemsOf("""
                nmae: demo
                modle: { layers: 2 }
                model:
                  layrs: 3
                  dModel: 64
                optimizer:
                  overrides:
                    - { match: 'a', learning_rate: 0.1 }
                train: { duration: 10ba, warmup_steps: 5 }
                """);
        assertProblem(problems, "x.yaml", 1, "nmae", "unknown key; did you mean 'name'?");
        assertProblem(problems, "x.yaml", 2, "modle", "did you mean 'model'?");
        assertProblem(problems, "x.yaml", 4, "model.layrs", "did you mean 'layers'?");
        assertProblem(problems, "x.yaml", 5, "model.dModel", "did you mean 'd_model'?");
        assertProblem(problems, "x.yaml", 8, "optimizer.overrides[0].learning_rate",
                "unknown key; valid keys: match, state, lr, weight_decay");
        assertProblem(problems, "x.yaml", 9, "train.warmup_steps", "unknown key; valid keys: duration, batch_size");
    }

    @Test
    void enumValuesAreCheckedWithSuggestions() {
        var problems = fx.problemsOf("""
                trainer: staged
                train: { duration: 300ba }
                staged:
                  stages:
                    - { until: 100ba, model: {}, grow: stak }
                    - { until: 200ba, model: {}, grow: sideways }
                """);
        assertProblem(problems, "x.yaml", 5, "staged.stages[0].grow", "unknown value 'stak'; did you mean 'stack'?");
        assertProblem(problems, "x.yaml", 6, "staged.stages[1].grow", "expected one of: stack, zero_init");
    }

    @Test
    void duplicateKeysAreErrors() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                model:
                  layers: 2
                  heads: 2
                  layers: 3
                """);
        assertProblem(problems, "x.yaml", 5, "model.layers", "duplicate key (first set at line 3)");
    }

    @Test
    void yamlSyntaxErrorsNameFileAndLineWithoutAStackTrace() {
        var problems = fx.problemsOf("""
                train:
                  duration: 10ba
                model: { layers: [1, 2 }
                """);
        assertEquals(1, problems.size());
        ValidationErrors.Problem p = problems.get(0);
        assertTrue(p.file().endsWith("x.yaml"));
        assertEquals(3, p.line());
        assertTrue(p.message().startsWith("YAML syntax error: "), p.message());
        assertFalse(p.toString().contains("\tat "), "no stack trace: " + p);
    }

    @Test
    void aRecipeMustBeAMapping() {
        var problems = fx.problemsOf("- just\n- a list\n");
        assertTrue(problems.get(0).message().contains("a recipe must be a mapping"), RecipeFixture.show(problems));
    }

    @Test
    void selfReferencingAliasIsReportedNotFollowed() {
        var problems = fx.problemsOf("train: { duration: 10ba }\ndata: &a { source: *a }\n");
        assertTrue(RecipeFixture.show(problems).contains("refers to itself"), RecipeFixture.show(problems));
    }

    @Test
    void mergeKeysAreRefused() {
        var problems = fx.problemsOf("""
                base: &b { layers: 2 }
                model:
                  <<: *b
                train: { duration: 10ba }
                """);
        assertProblem(problems, "x.yaml", 3, "model.<<", "merge keys (<<) are not supported");
    }

    @Test
    void missingRecipeFileIsExitTwoWithOneLine() {
        var e = assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(tmp.resolve("nope.yaml"), List.of(), TestTrainers.ALL));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(tmp.resolve("nope.yaml") + ": no such recipe file", e.getMessage());
        var dir = assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(tmp, List.of(), TestTrainers.ALL));
        assertTrue(dir.getMessage().endsWith("is a directory, not a recipe file"));
    }

    @Test
    void emptyRecipeUsesDefaultsAndStillNeedsADuration() {
        var problems = fx.problemsOf("# nothing yet\n");
        ValidationErrors.Problem p = RecipeFixture.at(problems, "train.duration");
        assertEquals(tmp.resolve("x.yaml").toString(), p.file(), "a missing value is reported at the recipe");
        assertEquals(0, p.line());
        assertTrue(p.message().startsWith("required, e.g. 1000ba"), p.message());
        assertEquals(1, problems.size(), RecipeFixture.show(problems));
    }

    @Test
    void nameDefaultsToTheFileName() {
        fx.write("recipes/my-run.yml", RecipeFixture.MINIMAL);
        Recipe r = fx.load("recipes/my-run.yml");
        assertEquals("my-run", r.name());
        assertEquals("runs/my-run", r.output());
        assertNull(r.initFrom());
    }

    @Test
    void quotedNumbersAndYamlBooleansAreAccepted() {
        Recipe r = fx.loadText("""
                train: { duration: "100ba", batch_size: "8" }
                model: { tie_embeddings: no, d_model: 0x40, heads: 2 }
                """);
        assertEquals(8, r.train().batchSize());
        assertFalse(r.model().tieEmbeddings());
        assertEquals(64, r.model().dModel());
    }
}
