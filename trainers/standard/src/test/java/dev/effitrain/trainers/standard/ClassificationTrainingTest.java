package dev.effitrain.trainers.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short ViT classification run on synthetic shapes must beat chance by a wide margin. */
class ClassificationTrainingTest {
    @TempDir
    Path dir;

    @Test
    void shortRunBeatsChanceAndWritesPerClassResults() throws Exception {
        Path file = dir.resolve("vit.yaml");
        Files.writeString(file, """
                name: vit-tiny
                trainer: standard
                seed: 5
                device: cpu
                model: { arch: vit, layers: 2, d_model: 32, heads: 2, image_size: 16, patch_size: 4, pool: mean }
                data: { source: synthetic-image, synthetic_size: 1200, val_fraction: 0.2 }
                optimizer: { name: adamw, lr: 3e-3, betas: [0.9, 0.999], weight_decay: 0.05 }
                schedule: { name: cosine, warmup: 10ba, min_lr: 1e-5 }
                train: { duration: 150ba, batch_size: 32, log_every: 10ba, eval_every: 150ba, eval_batches: 0, checkpoint_every: 0 }
                """);
        StandardTrainer trainer = new StandardTrainer();
        Recipe r = RecipeLoader.load(file, List.of("output=" + dir.resolve("run")), Map.of("standard", trainer));
        Files.createDirectories(dir.resolve("run"));
        trainer.run(r, new RunContext(dir.resolve("run"), "never", false, TrainListener.NONE));

        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("run/summary.json"))).getAsJsonObject();
        double acc = summary.getAsJsonObject("eval").get("val_acc").getAsDouble();
        assertTrue(acc > 0.5, "8 classes: chance is 0.125, got " + acc);
        assertEquals(8, summary.getAsJsonObject("per_class_accuracy").size());
        assertTrue(Files.readString(dir.resolve("run/confusion.csv")).startsWith("true\\predicted,"));

        // effitrain eval on the saved checkpoint reproduces the final evaluation
        Map<String, Object> eval = trainer.evaluate(r, dir.resolve("run"));
        assertEquals(acc, (Double) eval.get("val_acc"), 1e-9);
    }
}
