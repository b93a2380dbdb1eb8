package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments, one of them while a checkpoint is being written, then
 * {@code --resume auto} until the run finishes: every restart resumes from the newest complete
 * checkpoint, never a half-written one, and the final weights, optimizer state and per-step
 * losses equal those of an uninterrupted run (float tolerance). bench/reliability/soak.sh runs the
 * same loop many more times.
 */
class KillResumeIT {
    private static final int STEPS = 24;
    private static final int KILLS = 3;
    private static final long SEED = 20240611L;
    /** Same thread count, same seed: the runs agree to float rounding (DJL.md §6: "usually identical"). */
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-4;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        Path logs = dir.resolve("logs");
        RunDir reference = new RunDir(dir.resolve("reference"));
        TrainingProcess uninterrupted = Distribution.start(logs, "reference", "run",
                TinyRecipe.write(dir.resolve("reference.yaml"), TinyRecipe.TINY, reference.path(), STEPS, 1).toString());

        RunDir run = new RunDir(dir.resolve("killed"));
        String recipe = TinyRecipe.write(dir.resolve("killed.yaml"), TinyRecipe.TINY, run.path(), STEPS, 1).toString();
        Random random = new Random(SEED);
        List<Long> resumedFrom = new ArrayList<>();
        List<String> kills = new ArrayList<>();
        boolean hitMidCheckpoint = false;
        for (int attempt = 0; kills.size() < KILLS || !hitMidCheckpoint; attempt++) {
            assertTrue(attempt < KILLS + 3, "no kill landed while a checkpoint was being written: " + kills);
            resumedFrom.add(run.newestStep().orElse(0));
            Set<String> leftovers = new HashSet<>(run.tmpDirs());
            TrainingProcess p = Distribution.start(logs, "attempt-" + attempt, "run", recipe);
            if (!hitMidCheckpoint && attempt != 1) {
                p.await("a checkpoint being written", () -> run.tmpDirs().stream().anyMatch(t -> !leftovers.contains(t)));
                p.kill9();
                List<String> cut = run.tmpDirs().stream().filter(t -> !leftovers.contains(t)).toList();
                hitMidCheckpoint = !cut.isEmpty();
                kills.add("while writing " + (hitMidCheckpoint ? cut : "a checkpoint (it was published first)"));
            } else {
                long before = run.newestStep().orElse(0);
                p.await("progress", () -> run.newestStep().orElse(0) > before);
                int delayMs = random.nextInt(400);
                Thread.sleep(delayMs);
                p.kill9();
                kills.add(delayMs + " ms after step-" + run.newestStep().orElse(0) + " was published");
            }
            run.assertEveryCheckpointComplete("after kill " + kills.size() + " (" + kills.get(kills.size() - 1) + ")");
        }

        resumedFrom.add(run.newestStep().orElse(0));
        TrainingProcess last = Distribution.start(logs, "final", "run", recipe);
        int code = last.waitFor();
        assertEquals(0, code, last.describe(code));
        int refCode = uninterrupted.waitFor();
        assertEquals(0, refCode, uninterrupted.describe(refCode));

        String context = "kills: " + kills;
        assertTrue(run.tmpDirs().isEmpty(), context + ": unfinished checkpoints left behind: " + run.tmpDirs());
        run.assertEveryCheckpointComplete(context);
        List<Long> started = run.events("start").stream().map(o -> o.get("resumed_from_step").getAsLong()).toList();
        assertEquals(resumedFrom, started, context + ": each restart resumes from the newest complete checkpoint");
        assertTrue(started.get(started.size() - 1) > 0, context + ": the last run resumed");

        for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
            Map<String, float[]> got = SafetensorsFile.readF32(run.checkpoint(STEPS).resolve(file));
            Map<String, float[]> want = SafetensorsFile.readF32(reference.checkpoint(STEPS).resolve(file));
            double worst = SafetensorsFile.worstMismatch(got, want, ATOL, RTOL);
            System.out.printf("KillResumeIT %s: %s, worst mismatch %.3g of tolerance%n", file, context, worst);
            assertTrue(worst <= 1, context + ": " + file + " differs from the uninterrupted run's (worst |a-b|/(atol+rtol|b|) = "
                    + worst + ")");
        }
        Map<Long, Double> losses = run.trainLosses();
        Map<Long, Double> expected = reference.trainLosses();
        assertEquals(expected.keySet(), losses.keySet(), context + ": every step logged exactly once");
        for (long step : expected.keySet()) {
            assertEquals(expected.get(step), losses.get(step), 1e-4 * Math.abs(expected.get(step)),
                    context + ": loss at step " + step);
        }
        JsonObject summary = run.summary();
        assertEquals("completed", summary.get("status").getAsString());
        assertEquals(STEPS, summary.get("steps").getAsLong());
        assertEquals(reference.summary().get("samples").getAsLong(), summary.get("samples").getAsLong());
    }
}
