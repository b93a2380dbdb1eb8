package dev.effitrain.core.reliability;

import static dev.effitrain.core.reliability.PoisonedWorkload.Poison.NAN_GRADIENT;
import static dev.effitrain.core.reliability.PoisonedWorkload.Poison.NAN_INPUT;
import static dev.effitrain.core.reliability.PoisonedWorkload.Poison.NONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.on_nonfinite}: fail, skip and rollback, driven through the real training loop by
 * batches poisoned at known positions of the data stream (see {@link PoisonedWorkload}). With 12
 * steps and a checkpoint every 3, batch k of the stream is trained at step k+1 unless a rollback
 * moved the counters back.
 */
class NonFinitePolicyTest {
    @TempDir
    Path dir;

    private final List<PoisonedRuns.Outcome> outcome = new ArrayList<>();

    private Path run() {
        return dir.resolve("run");
    }

    private EffitrainException diverges(Recipe recipe, java.util.function.LongFunction<PoisonedWorkload.Poison> poison) {
        EffitrainException e = assertThrows(EffitrainException.class, () -> PoisonedRuns.run(recipe, poison, outcome));
        assertEquals(ExitCode.DIVERGED, e.exitCode(), e.getMessage());
        return e;
    }

    @Test
    void failStopsNamingTheStepAndKeepsTheLastGoodCheckpoint() throws Exception {
        EffitrainException e = diverges(PoisonedRuns.recipe(dir), k -> k == 7 ? NAN_INPUT : NONE);
        assertTrue(e.getMessage().contains("loss is NaN at step 8"), e.getMessage());
        assertTrue(e.getMessage().contains("last good checkpoint: " + run().resolve("checkpoints/step-000006")), e.getMessage());
        JsonObject summary = PoisonedRuns.summary(run());
        assertEquals("diverged", summary.get("status").getAsString());
        assertEquals(4, summary.get("exit_code").getAsInt());
        assertEquals(7, summary.get("steps").getAsLong(), "steps 1-7 were trained");
        assertEquals(List.of("step-000003", "step-000006"), checkpointNames(), "nothing saved after the failure");
        assertFinite(checkpointWeights(6));
    }

    @Test
    void nonFiniteGradientsWithAFiniteLossAreCaughtBeforeTheUpdate() throws Exception {
        EffitrainException e = diverges(PoisonedRuns.recipe(dir), k -> k == 4 ? NAN_GRADIENT : NONE);
        assertTrue(e.getMessage().contains("gradient norm is NaN at step 5"), e.getMessage());
        assertEquals(List.of("step-000003"), checkpointNames());
        float[] lastSeen = outcome.get(0).workload().weightsAt(4);
        assertFinite(lastSeen);
    }

    @Test
    void skipDropsTheBatchCountsItAndCompletes() throws Exception {
        Map<String, Object> s = PoisonedRuns.run(PoisonedRuns.recipe(dir, "train.on_nonfinite=skip"),
                k -> k == 4 ? NAN_INPUT : k == 9 ? NAN_GRADIENT : NONE, outcome);
        assertEquals("completed", s.get("status"));
        JsonObject summary = PoisonedRuns.summary(run());
        assertEquals(2, summary.get("skipped_steps").getAsLong());
        assertEquals(12, summary.get("steps").getAsLong());
        assertEquals(2, outcome.get(0).warnings().size(), outcome.get(0).warnings().toString());
        assertTrue(outcome.get(0).warnings().get(0).contains("step 5"), outcome.get(0).warnings().toString());
        // the skipped batch did not move the weights: batches 4 and 5 saw the same ones
        PoisonedWorkload w = outcome.get(0).workload();
        assertArrayEquals(w.weightsAt(4), w.weightsAt(5));
        assertFalse(java.util.Arrays.equals(w.weightsAt(3), w.weightsAt(4)));
        assertFinite(checkpointWeights(12));
        JsonObject state = JsonParser.parseString(Files.readString(run().resolve("checkpoints/step-000012/state.json")))
                .getAsJsonObject();
        assertEquals(2, state.get("skipped").getAsLong(), "a resume continues the count");
    }

    @Test
    void skipFailsAfterFiveNonFiniteStepsInARow() throws Exception {
        EffitrainException e = diverges(PoisonedRuns.recipe(dir, "train.on_nonfinite=skip"), k -> k >= 5 ? NAN_INPUT : NONE);
        assertTrue(e.getMessage().contains("at step 10") && e.getMessage().contains("5 steps in a row"), e.getMessage());
        assertEquals(4, PoisonedRuns.summary(run()).get("skipped_steps").getAsLong());
    }

    @Test
    void rollbackReloadsTheLastCheckpointLowersTheLrAndContinues() throws Exception {
        Map<String, Object> s = PoisonedRuns.run(PoisonedRuns.recipe(dir, "train.on_nonfinite=rollback"),
                k -> k == 7 ? NAN_INPUT : NONE, outcome);
        assertEquals("completed", s.get("status"));
        assertEquals(1L, s.get("rollbacks"));
        assertEquals(0.5, (double) s.get("lr_scale"));
        PoisonedWorkload w = outcome.get(0).workload();
        // batch 7 failed at step 8; the next batch (8) was trained from step 6's weights, reloaded
        float[] step6 = checkpointWeights(6);
        assertArrayEquals(step6, w.weightsAt(8), 0f);
        assertFalse(java.util.Arrays.equals(step6, w.weightsAt(7)), "step 7 had moved on from the checkpoint");
        List<JsonObject> rollbacks = PoisonedRuns.events(run(), "rollback");
        assertEquals(1, rollbacks.size());
        assertEquals(8, rollbacks.get(0).get("diverged_at_step").getAsLong());
        assertEquals(6, rollbacks.get(0).get("step").getAsLong());
        // the learning rate is halved from the rollback on: steps 7-12 again, at 0.05
        List<JsonObject> train = PoisonedRuns.events(run(), "train");
        assertEquals(0.1, lrAt(train, 7, 0), 1e-12);
        assertEquals(0.05, lrAt(train, 7, 1), 1e-12);
        assertEquals(0.05, lrAt(train, 12, 0), 1e-12);
        assertEquals(1, outcome.get(0).warnings().size());
        assertTrue(outcome.get(0).warnings().get(0).contains("rolled back to step-000006"), outcome.get(0).warnings().toString());
        // the LR scale travels in checkpoints, so a resume keeps the lowered rate
        JsonObject state = JsonParser.parseString(Files.readString(run().resolve("checkpoints/step-000009/state.json")))
                .getAsJsonObject();
        assertEquals(0.5, state.get("lr_scale").getAsDouble());
        assertEquals(1, state.get("rollbacks").getAsLong());
        PoisonedRuns.run(PoisonedRuns.recipe(dir, "train.on_nonfinite=rollback", "train.duration=14ba"), k -> NONE, outcome);
        assertEquals(0.05, lrAt(PoisonedRuns.events(run(), "train"), 14, 0), 1e-12);
    }

    @Test
    void rollbackGivesUpAfterThreeRollbacks() throws Exception {
        EffitrainException e = diverges(PoisonedRuns.recipe(dir, "train.on_nonfinite=rollback",
                "train.rollback_lr_factor=0.25"), k -> k >= 7 ? NAN_INPUT : NONE);
        assertTrue(e.getMessage().contains("gave up after 3 rollbacks"), e.getMessage());
        assertTrue(e.getMessage().contains("step-000006"), e.getMessage());
        JsonObject summary = PoisonedRuns.summary(run());
        assertEquals(3, summary.get("rollbacks").getAsLong());
        assertEquals(1.0 / 64, summary.get("lr_scale").getAsDouble(), 1e-12);
        assertEquals(3, PoisonedRuns.events(run(), "rollback").size());
        assertFinite(checkpointWeights(6));
    }

    @Test
    void rollbackWithoutCheckpointsOrWithABadFactorIsARecipeError() {
        ValidationErrors.RecipeException noCheckpoints = assertThrows(ValidationErrors.RecipeException.class, () ->
                PoisonedRuns.recipe(dir, "train.on_nonfinite=rollback", "train.checkpoint_every=0"));
        assertTrue(noCheckpoints.getMessage().contains("train.on_nonfinite: rollback needs checkpoints"),
                noCheckpoints.getMessage());
        ValidationErrors.RecipeException factor = assertThrows(ValidationErrors.RecipeException.class, () ->
                PoisonedRuns.recipe(dir, "train.rollback_lr_factor=1.5"));
        assertTrue(factor.getMessage().contains("train.rollback_lr_factor: must be in (0, 1), got 1.5"), factor.getMessage());
    }

    private static double lrAt(List<JsonObject> train, long step, int occurrence) {
        return train.stream().filter(o -> o.get("step").getAsLong() == step).skip(occurrence).findFirst()
                .orElseThrow(() -> new AssertionError("no train line #" + occurrence + " for step " + step))
                .get("lr").getAsDouble();
    }

    private List<String> checkpointNames() throws Exception {
        try (var s = Files.list(run().resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private float[] checkpointWeights(long step) {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
             Checkpoint c = CheckpointReader.load(run().resolve(String.format("checkpoints/step-%06d", step)), m)) {
            return c.model().get("w").toFloatArray();
        }
    }

    private static void assertFinite(float[] values) {
        for (float v : values) {
            assertTrue(Float.isFinite(v), "non-finite weight " + v);
        }
    }
}
