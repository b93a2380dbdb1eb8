package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mae: section, MAE's defaults and every problem validation must catch before training. */
class MaeValidationTest {
    private static final Path RECIPES = Path.of("..", "..", "recipes");

    @TempDir
    Path dir;

    @Test
    void bundledMimRecipesValidate() {
        for (String name : List.of("mae-quick", "mae-fashion-mnist", "mae-progressive", "mae-linprobe")) {
            Path recipe = RECIPES.resolve(name + ".yaml");
            List<String> sets = new ArrayList<>(SampleData.overridesFor(recipe));
            sets.add("output=" + dir.resolve(name));
            Recipe r = RecipeLoader.load(recipe, sets, Map.of("mim", new MimTrainer()));
            assertEquals(name, r.name());
        }
    }

    @Test
    void defaultsAreMaes() throws Exception {
        Recipe r = new MaeRuns(dir).recipe("d", "trainer: mim\ndata: { source: synthetic-image }\ntrain: { duration: 10ba }\n");
        MaeConfig mae = r.section(MimTrainer.SECTION, MaeConfig.class);
        assertEquals(MaeConfig.Mode.PRETRAIN, mae.mode());
        assertEquals(0.75, mae.maskRatio());
        assertTrue(mae.normPixLoss());
        assertEquals(1.5e-4, mae.baseLr());
        assertEquals(List.of(0.9, 0.95), r.optimizer().betas());
        assertEquals(0.05, r.optimizer().weightDecay());
        assertEquals("cosine", r.schedule().name());
        assertEquals("sincos", r.model().posEmbed());
        assertEquals("vit", r.model().arch());
    }

    @Test
    void everyProblemIsReportedAtItsKey() throws Exception {
        String text = MaeRuns.TINY.replace("pos_embed: sincos", "pos_embed: learned")
                .replace("mask_ratio: 0.75", "mask_ratio: 0.97, decoder_heads: 3")
                .replace("recon_images: 4 }", "recon_images: 4, stages: [{ until: 10ba, image_size: 10 }, { image_size: 12 }] }");
        Map<String, String> problems = problems(text);
        assertContains(problems, "model.pos_embed", "sincos");
        assertContains(problems, "mae.mask_ratio", "leaves no visible patch of 16");
        assertContains(problems, "mae.decoder_heads", "do not divide decoder_dim 32");
        assertContains(problems, "mae.stages[0].image_size", "multiple of patch_size 4");
        assertContains(problems, "mae.stages[1].until", "required");
    }

    @Test
    void unknownKeysAndModesGetSuggestions() throws Exception {
        Map<String, String> problems = problems(MaeRuns.TINY.replace("mask_ratio: 0.75", "mask_ration: 0.75, mode: linprob"));
        assertContains(problems, "mae.mask_ration", "mask_ratio");
        assertContains(problems, "mae.mode", "linprobe");
    }

    @Test
    void baseLrAndAnExplicitOptimizerLrConflict() throws Exception {
        assertContains(problems(MaeRuns.TINY + "optimizer: { lr: 1e-3 }\n"), "mae.base_lr", "set mae.base_lr: null");
        Recipe ok = new MaeRuns(dir).recipe("ok", MaeRuns.TINY + "optimizer: { lr: 1e-3 }\n", "mae.base_lr=null");
        assertEquals(1e-3, ok.section(MimTrainer.SECTION, MaeConfig.class).learningRate(ok.optimizer().lr(), 32));
        assertContains(problems(MaeRuns.TINY + "optimizer: { lr_scaling: {rule: linear, reference_batch: 256} }\n"),
                "optimizer.lr_scaling", "mae.base_lr already scales the rate");
    }

    @Test
    void stagesBelongToPretrainingAndTheirRatiosMustLeaveVisiblePatches() throws Exception {
        String staged = MaeRuns.TINY.replace("recon_images: 4 }", "recon_images: 4, stages: [{ until: 10ba, image_size: 8 }] }");
        assertContains(problems(staged.replace("mask_ratio: 0.75", "mode: linprobe, mask_ratio: 0.75")), "mae.stages",
                "apply to pretraining");
        // 8px with patch 4 is 4 patches: 0.75 of them leaves int(4 * 0.25) = 1 visible, 0.8 leaves none
        assertEquals(Map.of(), problems(staged));
        assertContains(problems(staged.replace("mask_ratio: 0.75", "mask_ratio: 0.8")), "mae.stages[0]",
                "leaves no visible patch of 4");
    }

    private Map<String, String> problems(String text) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "name: p\n" + text);
        try {
            RecipeLoader.load(file, List.of("output=" + dir.resolve("p")), Map.of("mim", new MimTrainer()));
            return Map.of();
        } catch (ValidationErrors.RecipeException e) {
            return e.problems().stream().collect(Collectors.toMap(p -> String.valueOf(p.keyPath()), p -> p.line() + ": "
                    + p.message(), (a, b) -> a + " | " + b));
        }
    }

    private static void assertContains(Map<String, String> problems, String key, String text) {
        String p = problems.get(key);
        if (p == null || !p.contains(text)) {
            fail("expected a problem at " + key + " containing '" + text + "', got " + problems);
        }
        assertTrue(Character.isDigit(p.charAt(0)) && !p.startsWith("0:"), "located at a line: " + p);
    }
}
