package dev.effitrain.trainers.ats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ats} trainer end to end on a tiny ViT and synthetic images, and its recipe checks. */
class AtsTrainerTest {
    private static final Map<String, TrainerModule> TRAINERS = Map.of("ats", new AtsTrainer());

    @TempDir
    Path dir;

    private Path recipe(String name, String extra) throws Exception {
        String text = """
                name: %s
                trainer: ats
                seed: 1
                device: cpu
                output: %s
                model: { arch: vit, layers: 2, d_model: 32, heads: 2, mlp_ratio: 2, image_size: 16, patch_size: 4, pool: cls }
                data: { source: synthetic-image, synthetic_size: 120, val_fraction: 0.25 }
                optimizer: { name: adamw, lr: 1.0e-3 }
                schedule: { name: constant }
                train: { duration: 3ba, batch_size: 16, log_every: 1ba, eval_every: 0ba }
                """.formatted(name, dir.resolve("runs").resolve(name)) + extra;
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static JsonObject run(Path recipeFile) throws Exception {
        Recipe r = RecipeLoader.load(recipeFile, List.of(), TRAINERS);
        Path runDir = Path.of(r.output());
        Files.createDirectories(runDir);
        new AtsTrainer().run(r, new RunContext(runDir, "never", false, null));
        return JsonParser.parseString(Files.readString(runDir.resolve("summary.json"))).getAsJsonObject();
    }

    @Test
    void fineTunesThenPlugsIntoTheCheckpointWithoutTraining() throws Exception {
        JsonObject tuned = run(recipe("tune", "ats: { mode: finetune, blocks: [0, 1], k: [0.8], picture_images: 0 }\n"));
        assertEquals(3, tuned.get("steps").getAsInt());
        Path tuneDir = dir.resolve("runs/tune");
        assertTrue(Files.isDirectory(tuneDir.resolve("checkpoints")));
        assertTrue(Files.exists(tuneDir.resolve("ats-report.md")));

        JsonObject eval = run(recipe("plug", "init_from: " + tuneDir + "\nats: { blocks: [1], k: [12], picture_images: 3 }\n"));
        assertEquals(0, eval.get("steps").getAsInt());
        JsonObject metrics = eval.getAsJsonObject("eval");
        for (String key : List.of("val_acc", "gflops_per_image", "images_per_s", "tokens_mean_block1", "tokens_min_block1",
                "tokens_max_block1", "baseline_val_acc", "baseline_gflops_per_image", "gflops_saving", "speedup")) {
            assertTrue(metrics.has(key), key + " missing from " + metrics);
        }
        assertTrue(metrics.get("tokens_max_block1").getAsDouble() <= 12);
        assertTrue(metrics.get("gflops_per_image").getAsDouble() < metrics.get("baseline_gflops_per_image").getAsDouble());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("runs/plug/ats-report.json"))).getAsJsonObject();
        assertEquals(12, report.getAsJsonObject("k").get("1").getAsInt());
        assertEquals(30, report.getAsJsonObject("with_ats").get("images").getAsInt(), "the whole validation split");

        BufferedImage png = ImageIO.read(dir.resolve("runs/plug/" + AtsRunReport.PICTURE).toFile());
        assertTrue(png.getWidth() > 2 * 112 && png.getHeight() > 3 * 112, png.getWidth() + "x" + png.getHeight());

        Recipe plug = RecipeLoader.load(dir.resolve("plug.yaml"), List.of(), TRAINERS);
        Map<String, Object> again = new AtsTrainer().evaluate(plug, tuneDir);
        assertEquals(metrics.get("val_acc").getAsDouble(), (Double) again.get("val_acc"), 1e-9,
                "effitrain eval reproduces the run's evaluation");
    }

    @Test
    void recipeProblemsAreReportedTogetherBeforeAnythingRuns() throws Exception {
        Path bad = recipe("bad", "ats: { mode: eval, blocks: [1, 5, 1], k: [0.5, 99, 1.5, 2] }\n");
        ValidationErrors.RecipeException e = assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(bad, List.of(), TRAINERS));
        String msg = e.getMessage();
        for (String expected : List.of("init_from: ats.mode eval plugs ATS", "ats.blocks[1]: block 5 does not exist",
                "ats.blocks[2]: block 1 is listed twice", "ats.k: give one K for all ATS blocks or one per block (3), got 4",
                "ats.k[1]: K 99 is more than the 17 tokens", "ats.k[2]: a token count must be whole")) {
            assertTrue(msg.contains(expected), "missing '" + expected + "' in:\n" + msg);
        }
        Path unknown = recipe("typo", "ats: { blocks: [1], kk: 3 }\n");
        assertThrows(ValidationErrors.RecipeException.class, () -> RecipeLoader.load(unknown, List.of(), TRAINERS));
    }
}
