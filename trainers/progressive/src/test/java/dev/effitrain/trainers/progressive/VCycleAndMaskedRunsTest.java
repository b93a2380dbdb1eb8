package dev.effitrain.trainers.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A V-cycle (big → coalesce → small → decoalesce + interpolate → big) and an MSG ramp, end to end with resume. */
class VCycleAndMaskedRunsTest {
    static final String V_CYCLE = """
            progressive:
              stages:
                - { until: 6ba }
                - { until: 14ba, model: { layers: 1, d_model: 16, heads: 1 }, grow: { depth: coalesce, width: coalesce },
                    optimizer_state: map, optimizer: { lr: 6e-3 } }
                - { grow: { depth: decoalesce, width: decoalesce, interpolate: 0.5 }, optimizer_state: map }
            """;
    static final String MASKED = """
            progressive:
              stages:
                - { until: 6ba, model: { layers: 1, d_model: 16, heads: 1 } }
                - { grow: { depth: stack, width: random, mask: 8ba } }
            """;

    @TempDir
    Path dir;

    @Test
    void vCycleCoalescesTrainsSmallThenInterpolatesBackAndResumesExactly() throws Exception {
        Runs runs = new Runs(dir);
        Recipe full = runs.recipe("vcycle", V_CYCLE, "train.duration=20ba");
        Runs.run(full, "never");
        List<JsonObject> stages = Runs.events(full, "stage");
        assertEquals(2, stages.size());
        assertEquals("coalesce", stages.get(0).get("depth").getAsString());
        assertEquals("coalesce", stages.get(0).get("width").getAsString());
        assertEquals(0.5, stages.get(1).get("interpolate").getAsDouble());
        assertEquals("map", stages.get(1).get("optimizer_state").getAsString());
        assertFalse(stages.get(1).get("function_preserving").getAsBoolean());
        assertTrue(Files.isRegularFile(Path.of(full.output(), "progressive", "anchor-stage-1", "model.safetensors")));
        Map<Long, JsonObject> lines = Runs.trainLines(full);
        assertEquals(16, lines.get(10L).get("d_model").getAsInt());
        assertEquals(32, lines.get(20L).get("d_model").getAsInt());
        // the small stage runs at its own learning rate, twice the recipe's
        assertEquals(2.0, lines.get(7L).get("lr").getAsDouble() / lines.get(6L).get("lr").getAsDouble(), 0.15);

        Recipe parted = runs.recipe("vcycle-parted", V_CYCLE, "train.duration=20ba", "train.keep_last=1",
                "train.checkpoint_every=2ba");
        assertEquals(ExitCode.INTERRUPTED, Runs.runStoppingAt(parted, 11, "never").exitCode());
        Runs.run(parted, "auto");
        Map<Long, Double> a = Runs.losses(full);
        Map<Long, Double> b = Runs.losses(parted);
        assertEquals(a.keySet(), b.keySet());
        for (long step : a.keySet()) {
            assertEquals(a.get(step), b.get(step), 1e-5 * a.get(step), "step " + step);
        }
    }

    @Test
    void maskedGrowthRampsInAndResumesMidRampExactly() throws Exception {
        Runs runs = new Runs(dir);
        Recipe full = runs.recipe("msg", MASKED, "train.duration=18ba");
        Runs.run(full, "never");
        JsonObject event = Runs.events(full, "stage").get(0);
        assertEquals(8, event.get("mask_steps").getAsLong());
        assertTrue(event.get("function_preserving").getAsBoolean());
        Map<Long, JsonObject> lines = Runs.trainLines(full);
        assertEquals(0.0, lines.get(7L).get("mask").getAsDouble(), "first step after growth at m = 0");
        assertEquals(0.5, lines.get(11L).get("mask").getAsDouble(), 1e-9);
        assertFalse(lines.get(15L).has("mask"), "ramp over: the plain model");
        // at m = 0 the grown model is the small one: no jump in loss
        double before = lines.get(6L).get("loss").getAsDouble();
        double after = lines.get(7L).get("loss").getAsDouble();
        assertTrue(Math.abs(after - before) < 0.25, before + " → " + after);

        Recipe parted = runs.recipe("msg-parted", MASKED, "train.duration=18ba");
        assertEquals(ExitCode.INTERRUPTED, Runs.runStoppingAt(parted, 9, "never").exitCode());
        Runs.run(parted, "auto");
        Map<Long, Double> a = Runs.losses(full);
        Map<Long, Double> b = Runs.losses(parted);
        for (long step : a.keySet()) {
            assertEquals(a.get(step), b.get(step), 1e-5 * a.get(step), "step " + step);
        }
    }

    @Test
    void zeroLayerStageGrowsOnceToFullDepth() throws Exception {
        Recipe r = new Runs(dir).recipe("zero", """
                progressive:
                  stages:
                    - { until: 6ba, model: { layers: 0 } }
                    - { grow: { depth: random } }
                """, "train.duration=10ba");
        Runs.run(r, "never");
        Map<Long, JsonObject> lines = Runs.trainLines(r);
        assertEquals(0, lines.get(3L).get("layers").getAsInt());
        assertEquals(2, lines.get(10L).get("layers").getAsInt());
        assertEquals("random", Runs.events(r, "stage").get(0).get("depth").getAsString());
    }
}
