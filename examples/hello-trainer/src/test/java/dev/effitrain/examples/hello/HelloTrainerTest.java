package dev.effitrain.examples.hello;

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

/** The example trainer, in process: its recipe validates and a short run learns the spirals. */
class HelloTrainerTest {

    @TempDir
    Path dir;

    @Test
    void aShortRunSeparatesTheSpiralsBetterThanChance() throws Exception {
        HelloTrainer trainer = new HelloTrainer();
        Path run = dir.resolve("run");
        Recipe r = RecipeLoader.load(Path.of("hello.yaml"), List.of("output=" + run, "device=cpu",
                "train.duration=300ba", "train.eval_every=300ba", "train.checkpoint_every=0"), Map.of("hello", trainer));
        Files.createDirectories(run);
        trainer.run(r, new RunContext(run, "never", false, TrainListener.NONE));

        JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        assertEquals("completed", summary.get("status").getAsString());
        double acc = summary.getAsJsonObject("eval").get("val_acc").getAsDouble();
        assertTrue(acc > 0.8, "two classes: chance is 0.5, got " + acc);
    }
}
