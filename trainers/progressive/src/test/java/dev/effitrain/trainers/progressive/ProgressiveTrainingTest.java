package dev.effitrain.trainers.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.checkpoint.SafeTensors;
import dev.effitrain.core.config.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on a tiny GPT: stages at the right steps, events and metrics, learning after growth, exact resume. */
class ProgressiveTrainingTest {
    static final String THREE_STAGES = """
            progressive:
              stages:
                - { until: 1024tok, model: { layers: 1, d_model: 16, heads: 1 } }
                - { duration: 8ba, model: { layers: 2 }, grow: { depth: stack, width: fpi }, optimizer_state: map }
                - { model: { layers: 4 }, grow: { depth: identity }, lr: rewarm, warmup: 2ba }
            """;
    // 1024 tokens = 8 steps of 8 sequences of 16 tokens; the second stage lasts 8 steps more

    @TempDir
    Path dir;

    @Test
    void stagesStartAtTheirStepsWithEventsMetricsAndBoundaryCheckpoints() throws Exception {
        Recipe r = new Runs(dir).recipe("staged", THREE_STAGES);
        Runs.run(r, "never");

        List<JsonObject> stages = Runs.events(r, "stage");
        assertEquals(2, stages.size());
        JsonObject first = stages.get(0);
        assertEquals(8, first.get("step").getAsLong());
        assertEquals(1, first.get("stage").getAsInt());
        assertEquals("stack", first.get("depth").getAsString());
        assertEquals("fpi", first.get("width").getAsString());
        assertEquals("map", first.get("optimizer_state").getAsString());
        assertFalse(first.get("function_preserving").getAsBoolean(), "stacking is not FP");
        JsonObject second = stages.get(1);
        assertEquals(16, second.get("step").getAsLong());
        assertEquals("identity", second.get("depth").getAsString());
        assertTrue(second.get("function_preserving").getAsBoolean());
        assertEquals("rewarm", second.get("lr").getAsString());
        assertEquals("reset", second.get("optimizer_state").getAsString());

        Map<Long, JsonObject> lines = Runs.trainLines(r);
        assertEquals(24, lines.size());
        long[] params = new long[3];
        for (Map.Entry<Long, JsonObject> e : lines.entrySet()) {
            int expected = e.getKey() <= 8 ? 0 : e.getKey() <= 16 ? 1 : 2;
            assertEquals(expected, e.getValue().get("stage").getAsInt(), "step " + e.getKey());
            params[expected] = e.getValue().get("params").getAsLong();
        }
        assertEquals(4, lines.get(24L).get("layers").getAsInt());
        assertTrue(params[0] < params[1] && params[1] < params[2], java.util.Arrays.toString(params));
        // FLOPs are counted with the model actually trained: later steps cost more
        double f8 = lines.get(8L).get("flops").getAsDouble();
        double f16 = lines.get(16L).get("flops").getAsDouble();
        double f24 = lines.get(24L).get("flops").getAsDouble();
        assertTrue(f16 - f8 > f8 && f24 - f16 > f16 - f8, f8 + " " + f16 + " " + f24);
        // rewarm: the LR restarts from a fraction of the schedule
        assertTrue(lines.get(17L).get("lr").getAsDouble() < 0.6 * lines.get(16L).get("lr").getAsDouble());

        JsonObject atBoundary = Runs.state(r, 8);
        assertEquals(1, atBoundary.getAsJsonObject("progressive").get("stage").getAsInt(), "saved right after growing");
        assertEquals(2, atBoundary.getAsJsonObject("model").get("layers").getAsInt());
        assertEquals(2, Runs.state(r, 16).getAsJsonObject("progressive").get("stage").getAsInt());
        // saved before any step of the grown model: mapped state is the trained moments, reset state is empty or zero
        assertTrue(optimizerStateMass(r, 8, "blocks.1.") > 0, "stage 1 mapped the optimizer state onto the copied layer");
        assertEquals(0.0, optimizerStateMass(r, 16, "blocks.3."), "stage 2 reset it");
        assertEquals(4, Runs.state(r, 24).getAsJsonObject("model").get("layers").getAsInt());
    }

    @Test
    void resumingAcrossGrowthBoundariesGivesTheSameLossesAsAnUninterruptedRun() throws Exception {
        Runs runs = new Runs(dir);
        Recipe full = runs.recipe("full", THREE_STAGES);
        Runs.run(full, "never");

        Recipe parted = runs.recipe("parted", THREE_STAGES);
        // stopped exactly at the first boundary (before growing), then mid-stage after the second growth
        assertEquals(ExitCode.INTERRUPTED, Runs.runStoppingAt(parted, 8, "never").exitCode());
        assertEquals(0, Runs.state(parted, 8).getAsJsonObject("progressive").get("stage").getAsInt());
        assertEquals(ExitCode.INTERRUPTED, Runs.runStoppingAt(parted, 19, "auto").exitCode());
        Runs.run(parted, "auto");

        Map<Long, Double> a = Runs.losses(full);
        Map<Long, Double> b = Runs.losses(parted);
        assertEquals(a.keySet(), b.keySet(), "every step logged once");
        for (long step : a.keySet()) {
            double rel = Math.abs(a.get(step) - b.get(step)) / Math.abs(a.get(step));
            assertTrue(rel < 1e-5, "step " + step + ": " + a.get(step) + " vs " + b.get(step));
        }
        assertEquals(2, Runs.events(parted, "stage").size(), "each stage event once");
    }

    @Test
    void lossKeepsFallingAfterGrowth() throws Exception {
        Recipe r = new Runs(dir).recipe("learn", """
                progressive:
                  stages:
                    - { until: 25ba, model: { layers: 1, d_model: 16, heads: 1 } }
                    - { model: { layers: 2 }, grow: { depth: stack, width: fpi }, optimizer_state: map }
                """, "train.duration=70ba");
        Runs.run(r, "never");
        Map<Long, Double> l = Runs.losses(r);
        double before = mean(l, 21, 25);
        double after = mean(l, 26, 30);
        double end = mean(l, 66, 70);
        assertTrue(after < before + 0.3, "growth does not undo training: " + before + " → " + after);
        assertTrue(end < after - 0.3, "and the grown model keeps learning: " + after + " → " + end);
    }

    /** Sum of |x| over the floating optimizer-state tensors of a checkpoint whose names start with {@code prefix}. */
    private static double optimizerStateMass(Recipe r, long step, String prefix) throws Exception {
        Path file = Path.of(r.output(), "checkpoints", String.format("step-%06d", step), "optimizer.safetensors");
        double mass = 0;
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            for (Map.Entry<String, NDArray> e : SafeTensors.read(file, m).entrySet()) {
                if (e.getKey().startsWith(prefix) && e.getValue().getDataType().isFloating()) {
                    mass += e.getValue().abs().sum().getFloat();
                }
            }
        }
        return mass;
    }

    private static double mean(Map<Long, Double> l, long from, long to) {
        double s = 0;
        for (long k = from; k <= to; k++) {
            s += l.get(k);
        }
        return s / (to - from + 1);
    }

    @Test
    void aRecipeWithoutStagesTrainsItsModelThroughout() throws Exception {
        Recipe r = new Runs(dir).recipe("plain", "", "train.duration=4ba");
        Runs.run(r, "never");
        assertTrue(Runs.events(r, "stage").isEmpty());
        assertEquals(2, Runs.state(r, 4).getAsJsonObject("model").get("layers").getAsInt());
        assertTrue(Files.exists(Path.of(r.output(), "summary.json")));
    }
}
