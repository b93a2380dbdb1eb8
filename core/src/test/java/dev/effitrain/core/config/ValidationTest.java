package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Semantic validation: each rule, with the file, line and key path of the offending key. */
class ValidationTest {

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
    }

    @Test
    void modelSizesAndHeads() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                model:
                  layers: 0
                  d_model: 256
                  heads: 5
                  mlp_ratio: 0
                  seq_len: 0
                  dropout: 1.0
                  embedding: stabel
                """);
        assertProblem(problems, "x.yaml", 3, "model.layers", "must be at least 1, got 0");
        assertProblem(problems, "x.yaml", 5, "model.heads", "5 does not divide d_model 256");
        assertProblem(problems, "x.yaml", 6, "model.mlp_ratio", "must be at least 1");
        assertProblem(problems, "x.yaml", 7, "model.seq_len", "must be at least 1");
        assertProblem(problems, "x.yaml", 8, "model.dropout", "must be in [0, 1), got 1");
        assertProblem(problems, "x.yaml", 9, "model.embedding", "unknown value 'stabel'; did you mean 'stable'?");
        assertEquals(6, problems.size(), RecipeFixture.show(problems));
        assertEquals(tmp.resolve("x.yaml") + ":5: model.heads: 5 does not divide d_model 256",
                RecipeFixture.at(problems, "model.heads").toString());
    }

    @Test
    void divisibilityIsBlamedOnTheKeyTheUserWrote() {
        var problems = fx.problemsOf("train: { duration: 10ba }\nmodel: { d_model: 250 }\n");
        assertProblem(problems, "x.yaml", 2, "model.d_model", "250 is not divisible by heads 4");
    }

    @Test
    void architectureAndDataMustMatch() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                model: { arch: vit }
                """);
        assertProblem(problems, "x.yaml", 2, "model.arch",
                "model.arch vit needs an image source (synthetic-image, idx, cifar10, image-folder), but data.source is synthetic-text");
        var other = fx.problemsOf("""
                train: { duration: 10ba }
                data:
                  source: synthetic-image
                """);
        assertProblem(other, "x.yaml", 3, "data.source", "model.arch gpt needs a text source");
        var unknown = fx.problemsOf("train: { duration: 10ba }\nmodel: { arch: bert }\ndata: { source: wiki }\n");
        assertProblem(unknown, "x.yaml", 2, "model.arch", "unknown value 'bert'; expected one of: gpt, vit");
        assertProblem(unknown, "x.yaml", 3, "data.source", "expected one of: synthetic-text, text");
        assertEquals(2, unknown.size(), RecipeFixture.show(unknown));
    }

    @Test
    void vitPatchMustDivideImage() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                data: { source: synthetic-image }
                model:
                  arch: vit
                  image_size: 28
                  patch_size: 5
                """);
        assertProblem(problems, "x.yaml", 6, "model.patch_size", "5 does not divide image_size 28");
    }

    @Test
    void deviceFormat() {
        for (String ok : List.of("auto", "cpu", "gpu", "gpu:1")) {
            assertEquals(ok, fx.loadText("device: '" + ok + "'\n" + RecipeFixture.MINIMAL).device());
        }
        var problems = fx.problemsOf("device: cuda:0\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "device", "'cuda:0' is not a device: use auto, cpu, gpu or gpu:N");
    }

    @Test
    void runName() {
        var problems = fx.problemsOf("name: my run/1\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "name", "'my run/1' is not a valid run name");
    }

    @Test
    void aRunNameCannotLeaveTheRunsDirectory() {
        for (String name : new String[] {"../escape", "..", ".", "a/../../b"}) {
            var problems = fx.problemsOf("name: '" + name + "'\n" + RecipeFixture.MINIMAL);
            assertProblem(problems, "x.yaml", 1, "name", "'" + name + "' is not a valid run name");
        }
        assertEquals("v1..2", fx.loadText("name: v1..2\n" + RecipeFixture.MINIMAL).name(), "dots inside a name are fine");
    }

    @Test
    void fileSourcesNeedAnExistingPathResolvedAgainstTheRecipe() throws Exception {
        var missing = fx.problemsOf("data: { source: text }\n" + RecipeFixture.MINIMAL);
        assertProblem(missing, "x.yaml", 1, "data.path", "required for source 'text'");
        var absent = fx.problemsOf("data:\n  source: text\n  path: corpus/a.txt\n" + RecipeFixture.MINIMAL);
        assertProblem(absent, "x.yaml", 3, "data.path", tmp.resolve("corpus/a.txt") + " does not exist");

        fx.write("recipes/corpus/a.txt", "hello");
        fx.write("recipes/r.yaml", "data: { source: text, path: corpus/a.txt }\n" + RecipeFixture.MINIMAL);
        Recipe r = fx.load("recipes/r.yaml");
        assertEquals(tmp.resolve("recipes/corpus/a.txt").toString(), r.data().path(), "made absolute");
        assertEquals(r.data().path(), r.resolvePath(r.data().path()).toString());
    }

    @Test
    void pathsFromAnExtendedFileAreRelativeToThatFile() {
        fx.write("configs/data/corpus.txt", "hello");
        fx.write("configs/data/text.yaml", "data: { source: text, path: corpus.txt }\n");
        Recipe r = fx.loadText("extends: configs/data/text.yaml\n" + RecipeFixture.MINIMAL);
        assertEquals(tmp.resolve("configs/data/corpus.txt").toString(), r.data().path());
    }

    @Test
    void wellKnownDataSetsGetAnInstallHint() {
        var fortunes = fx.problemsOf("data: { source: text, path: /usr/share/games/fortunes/nonexistent-x }\n"
                + RecipeFixture.MINIMAL);
        assertProblem(fortunes, "x.yaml", 1, "data.path", "install it with: apt-get install fortunes");
        var fashion = fx.problemsOf("""
                model: { arch: vit, image_size: 28 }
                data: { source: idx, path: /usr/share/datasets/fashion-mnist/nonexistent-x }
                """ + RecipeFixture.MINIMAL);
        assertProblem(fashion, "x.yaml", 2, "data.path", "install it with: apt-get install dataset-fashion-mnist");
    }

    @Test
    void imageFolderMustBeADirectory() throws Exception {
        fx.write("img.txt", "x");
        var problems = fx.problemsOf("model: { arch: vit }\ndata: { source: image-folder, path: img.txt }\n"
                + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 2, "data.path", "is not a directory");
    }

    @Test
    void tokenizerIsBytesOrAnExistingFile() {
        var problems = fx.problemsOf("data: { tokenizer: tok/tokenizer.json }\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "data.tokenizer", "no such tokenizer file: " + tmp.resolve("tok/tokenizer.json"));
        fx.write("tok/tokenizer.json", "{}");
        Recipe r = fx.loadText("data: { tokenizer: tok/tokenizer.json }\n" + RecipeFixture.MINIMAL);
        assertEquals(tmp.resolve("tok/tokenizer.json").toString(), r.data().tokenizer());
        assertEquals("bytes", fx.loadText(RecipeFixture.MINIMAL).data().tokenizer());
        var image = fx.problemsOf("model: { arch: vit }\ndata: { source: synthetic-image, tokenizer: tok/tokenizer.json }\n"
                + RecipeFixture.MINIMAL);
        assertProblem(image, "x.yaml", 2, "data.tokenizer", "applies only to text sources");
    }

    @Test
    void dataFractions() {
        var problems = fx.problemsOf("data: { val_fraction: 1.0 }\ntrain: { duration: 10ba, eval_every: 100ba }\n");
        assertProblem(problems, "x.yaml", 1, "data.val_fraction", "must be in [0, 1), got 1");
        var noSplit = fx.problemsOf("data: { val_fraction: 0 }\ntrain: { duration: 10ba, eval_every: 100ba }\n");
        assertProblem(noSplit, "x.yaml", 1, "data.val_fraction", "needs a validation split, but data.val_fraction is 0");
    }

    @Test
    void optimizerRules() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                optimizer:
                  name: adamw8bits
                  lr: 0
                  betas: [0.9, 1.0, 0.5]
                  eps: -1
                  weight_decay: -0.1
                  overrides:
                    - { state: 16bit, lr: -1 }
                """);
        assertProblem(problems, "x.yaml", 3, "optimizer.name", "unknown value 'adamw8bits'; did you mean 'adamw8bit'?");
        assertProblem(problems, "x.yaml", 4, "optimizer.lr", "must be greater than 0, got 0");
        assertProblem(problems, "x.yaml", 5, "optimizer.betas", "expected two values [beta1, beta2], got 3");
        assertProblem(problems, "x.yaml", 5, "optimizer.betas[1]", "must be in [0, 1), got 1.0");
        assertProblem(problems, "x.yaml", 6, "optimizer.eps", "must be greater than 0");
        assertProblem(problems, "x.yaml", 7, "optimizer.weight_decay", "must be 0 or more");
        assertProblem(problems, "x.yaml", 9, "optimizer.overrides[0].match", "required");
        assertProblem(problems, "x.yaml", 9, "optimizer.overrides[0].state", "unknown value '16bit'; did you mean '32bit'?");
        assertProblem(problems, "x.yaml", 9, "optimizer.overrides[0].lr", "must be greater than 0");
        assertEquals(9, problems.size(), RecipeFixture.show(problems));
    }

    @Test
    void everyListedOptimizerIsAccepted() {
        for (String name : OptimizerNames.ALL) {
            assertEquals(name, fx.loadText("optimizer: { name: " + name + " }\n" + RecipeFixture.MINIMAL).optimizer().name());
        }
    }

    @Test
    void scheduleRules() {
        var problems = fx.problemsOf("""
                optimizer: { lr: 1e-4 }
                schedule:
                  name: cosin
                  min_lr: 1e-3
                  warmup: 200ba
                train: { duration: 100ba }
                """);
        assertProblem(problems, "x.yaml", 3, "schedule.name", "did you mean 'cosine'?");
        assertProblem(problems, "x.yaml", 4, "schedule.min_lr", "min_lr 0.001 is above optimizer.lr 1.0E-4");
        assertProblem(problems, "x.yaml", 5, "schedule.warmup", "warmup 200ba is longer than train.duration 100ba");
        var wsd = fx.problemsOf("schedule: { name: wsd, warmup: 50ba, decay: 60ba }\ntrain: { duration: 100ba }\n");
        assertProblem(wsd, "x.yaml", 1, "schedule.decay", "warmup 50ba plus decay 60ba is longer than train.duration 100ba");
        var noDecay = fx.problemsOf("schedule: { name: wsd, decay: 0ba }\n" + RecipeFixture.MINIMAL);
        assertProblem(noDecay, "x.yaml", 1, "schedule.decay", "must be greater than 0 for the wsd schedule");
    }

    @Test
    void trainRules() {
        var problems = fx.problemsOf("""
                train:
                  duration: 0ba
                  batch_size: 30
                  grad_accum: 4
                  grad_clip: -1
                  keep_last: -1
                  on_nonfinite: ignore
                """);
        assertProblem(problems, "x.yaml", 2, "train.duration", "must be greater than 0");
        assertProblem(problems, "x.yaml", 4, "train.grad_accum", "4 does not divide batch_size 30");
        assertProblem(problems, "x.yaml", 5, "train.grad_clip", "must be 0 or more");
        assertProblem(problems, "x.yaml", 6, "train.keep_last", "must be at least 0");
        assertProblem(problems, "x.yaml", 7, "train.on_nonfinite", "expected one of: fail, skip, rollback");
        assertEquals(5, problems.size(), RecipeFixture.show(problems));
    }

    @Test
    void tensorboardIsOnByDefaultAndABoolean() {
        assertTrue(fx.loadText("train: { duration: 10ba }\n").train().tensorboard());
        assertEquals(false, fx.loadText("train: { duration: 10ba, tensorboard: false }\n").train().tensorboard());
        var problems = fx.problemsOf("""
                train:
                  duration: 10ba
                  tensorboard: maybe
                """);
        assertProblem(problems, "x.yaml", 3, "train.tensorboard", "expected true or false, got 'maybe'");
        assertEquals(1, problems.size(), RecipeFixture.show(problems));
        var misspelt = fx.problemsOf("train: { duration: 10ba, tensorbord: false }\n");
        assertProblem(misspelt, "x.yaml", 1, "train.tensorbord", "did you mean 'tensorboard'?");
    }

    @Test
    void initFromMustExist() throws Exception {
        var problems = fx.problemsOf("init_from: ckpts/step-000100\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "init_from", tmp.resolve("ckpts/step-000100") + " does not exist");
        Files.createDirectories(tmp.resolve("ckpts/step-000100"));
        assertEquals(tmp.resolve("ckpts/step-000100").toString(),
                fx.loadText("init_from: ckpts/step-000100\n" + RecipeFixture.MINIMAL).initFrom());
    }

    @Test
    void typeSemanticAndUnknownKeyErrorsAreReportedTogether() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ValidationErrors.RecipeException.class, () -> fx.loadText("""
                model:
                  layers: abc
                  heads: 3
                  d_modle: 64
                optimizer: { lr: -1 }
                train: { duration: 10ba, batch_size: 7, grad_accum: 2 }
                device: tpu
                """));
        assertEquals(ExitCode.USAGE, e.exitCode());
        var problems = e.problems();
        assertProblem(problems, "x.yaml", 2, "model.layers", "expected an integer");
        assertProblem(problems, "x.yaml", 3, "model.heads", "3 does not divide d_model 128");
        assertProblem(problems, "x.yaml", 4, "model.d_modle", "did you mean 'd_model'?");
        assertProblem(problems, "x.yaml", 5, "optimizer.lr", "must be greater than 0");
        assertProblem(problems, "x.yaml", 6, "train.grad_accum", "2 does not divide batch_size 7");
        assertProblem(problems, "x.yaml", 7, "device", "'tpu' is not a device");
        assertEquals(6, problems.size(), RecipeFixture.show(problems));
        assertEquals(6, e.getMessage().lines().count(), "one line per problem");
        assertEquals(List.of(2, 3, 4, 5, 6, 7), problems.stream().map(ValidationErrors.Problem::line).toList(),
                "in the order of the file");
    }

    @Test
    void oneBadValueGivesOneMessage() {
        var problems = fx.problemsOf("model: { heads: many }\n" + RecipeFixture.MINIMAL);
        assertEquals(1, problems.size(), "no follow-on 'does not divide' message: " + RecipeFixture.show(problems));
    }

    @Test
    void unknownTrainerListsTheAvailableOnes() {
        var problems = fx.problemsOf("trainer: stagd\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "trainer", "unknown trainer 'stagd'; did you mean 'staged'?");
        var far = fx.problemsOf("trainer: mae\n" + RecipeFixture.MINIMAL);
        assertProblem(far, "x.yaml", 1, "trainer", "unknown trainer 'mae'; available: other, staged, standard");
        var none = new RecipeFixture(tmp);
        none.write("y.yaml", RecipeFixture.MINIMAL);
        var e = org.junit.jupiter.api.Assertions.assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(tmp.resolve("y.yaml"), List.of(), java.util.Map.of()));
        assertTrue(e.getMessage().contains("no trainer modules are installed"), e.getMessage());
    }

    @Test
    void aSectionOfAnotherTrainerSaysWhichTrainerItBelongsTo() {
        var problems = fx.problemsOf("staged: { mode: x }\n" + RecipeFixture.MINIMAL);
        assertProblem(problems, "x.yaml", 1, "staged",
                "this section belongs to trainer 'staged', but the recipe uses trainer 'standard' (set trainer: staged");
    }

    @Test
    void trainerModuleValidationReportsWithLines() {
        var problems = fx.problemsOf("""
                trainer: staged
                model: { layers: 4 }
                train: { duration: 300ba }
                staged:
                  stages:
                    - { until: 100ba, model: { layers: 2 } }
                    - { until: 200ba, model: { layrs: 6 } }
                    - { until: 300ba, model: { heads: 3 } }
                """);
        assertProblem(problems, "x.yaml", 6, "staged.stages[0].model.layers", "a stage cannot shrink the model");
        assertProblem(problems, "x.yaml", 7, "staged.stages[1].model.layrs", "unknown key; did you mean 'layers'?");
        assertProblem(problems, "x.yaml", 8, "staged.stages[2].model.heads", "3 does not divide d_model 128");
        assertEquals(3, problems.size(), RecipeFixture.show(problems));
    }
}
