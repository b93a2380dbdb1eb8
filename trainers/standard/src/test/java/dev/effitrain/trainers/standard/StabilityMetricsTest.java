package dev.effitrain.trainers.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qk_norm and z_loss through the standard trainer: off changes no loss, on trains, and every log line carries the probe. */
class StabilityMetricsTest {
    /** LmTrainingTest's tiny GPT, 6 steps logged every 2. */
    private static final List<String> SHORTER = List.of("train.duration=6ba", "train.log_every=2ba", "train.eval_every=0ba",
            "train.checkpoint_every=0ba", "train.tensorboard=false");

    @TempDir
    Path dir;

    private List<JsonObject> trainLines(String name, String... sets) throws IOException {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, LmTrainingTest.RECIPE);
        List<String> all = new ArrayList<>(SHORTER);
        all.add("output=" + dir.resolve(name));
        all.addAll(List.of(sets));
        Recipe r = RecipeLoader.load(file, all, Map.of("standard", new StandardTrainer()));
        Files.createDirectories(Path.of(r.output()));
        new StandardTrainer().run(r, new RunContext(Path.of(r.output()), "never", false, TrainListener.NONE));
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(r.output()).resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("event").getAsString().equals("train")) {
                lines.add(o);
            }
        }
        return lines;
    }

    private static List<Double> losses(List<JsonObject> lines) {
        return lines.stream().map(o -> o.get("loss").getAsDouble()).toList();
    }

    @Test
    void offIsBitIdenticalOnTrainsAndEveryLogLineHasTheProbe() throws IOException {
        List<JsonObject> plain = trainLines("plain");
        List<JsonObject> off = trainLines("off", "model.qk_norm=false", "train.z_loss=0");
        List<JsonObject> on = trainLines("on", "model.qk_norm=true", "train.z_loss=1e-3");
        assertEquals(3, plain.size());
        assertEquals(losses(plain), losses(off));   // exactly: the same doubles
        assertNotEquals(losses(plain), losses(on));
        for (List<JsonObject> run : List.of(plain, on)) {
            for (JsonObject line : run) {
                double maxLogit = line.get("max_attn_logit").getAsDouble();
                double rms = line.get("logit_rms").getAsDouble();
                assertTrue(maxLogit > 0 && Double.isFinite(maxLogit), line.toString());
                assertTrue(rms > 0 && Double.isFinite(rms), line.toString());
            }
        }
        assertTrue(losses(on).get(2) < losses(on).get(0), "qk_norm + z-loss still learns: " + losses(on));
    }
}
