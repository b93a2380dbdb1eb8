package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM: the run saves a checkpoint at the end of the step, says so in one line and
 * exits 75; {@code --resume auto} then finishes the run as if never stopped. A second signal exits
 * at once (130) without a new checkpoint, and never leaves a half-written one that a resume picks.
 */
class SignalIT {
    private static final int STEPS = 30;

    @TempDir
    Path dir;

    @Test
    void sigintAndSigtermEachSaveACheckpointExit75AndResumeFinishesTheRun() {
        Path logs = dir.resolve("logs");
        RunDir run = new RunDir(dir.resolve("run"));
        // checkpoints every 10 steps: the one a signal makes is at a step no schedule would have saved
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), STEPS, 10).toString();

        TrainingProcess first = Distribution.start(logs, "sigint", "run", recipe);
        first.await("3 steps", () -> run.trainedSteps() >= 3);
        first.signal("INT");
        long stoppedAt = assertInterrupted(first, run, "INT");

        TrainingProcess second = Distribution.start(logs, "sigterm", "run", recipe);
        second.await("3 more steps", () -> run.trainedSteps() >= stoppedAt + 3);
        second.signal("TERM");
        long stoppedAgain = assertInterrupted(second, run, "TERM");
        assertTrue(stoppedAgain > stoppedAt, "the resumed run made progress before it was stopped again");

        TrainingProcess last = Distribution.start(logs, "finish", "run", recipe);
        int code = last.waitFor();
        assertEquals(0, code, last.describe(code));
        assertEquals("completed", run.summary().get("status").getAsString());
        assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(run.trainLosses().keySet()),
                "every step trained and logged exactly once across the three processes");
        List<Long> resumedFrom = run.events("start").stream().map(o -> o.get("resumed_from_step").getAsLong()).toList();
        assertEquals(List.of(0L, stoppedAt, stoppedAgain), resumedFrom);
    }

    @Test
    void aSecondSignalExitsAtOnceWithoutANewCheckpoint() {
        Path logs = dir.resolve("logs");
        RunDir run = new RunDir(dir.resolve("run"));
        String recipe = TinyRecipe.write(dir.resolve("slow.yaml"), TinyRecipe.SLOW, run.path(), 6, 2).toString();
        TrainingProcess p = Distribution.start(logs, "twice", "run", recipe);
        p.await("step 3", () -> run.trainedSteps() >= 3);
        p.signal("INT");
        p.await("the first signal's acknowledgement", () -> p.stderr().contains("SIGINT received"));
        List<String> before = run.stepDirs();
        p.terminate(); // SIGTERM, straight from this JVM: well before the ~1 s step can end
        int code = p.waitFor();
        assertEquals(130, code, p.describe(code));
        Truthful.assertNoStackTrace(p.stderr(), "second signal");
        assertTrue(p.stderr().contains("second SIGTERM: exiting now without a new checkpoint"), p.describe(code));
        assertEquals(before, run.stepDirs(), "no checkpoint was published after the second signal");
        run.assertEveryCheckpointComplete("after the second signal");

        TrainingProcess resumed = Distribution.start(logs, "resumed", "run", recipe);
        int again = resumed.waitFor();
        assertEquals(0, again, resumed.describe(again));
        assertEquals(6, run.summary().get("steps").getAsLong());
        assertTrue(run.tmpDirs().isEmpty(), "leftovers cleaned: " + run.tmpDirs());
    }

    /** Exit 75, one line saying where the checkpoint is, that checkpoint complete; returns its step. */
    private static long assertInterrupted(TrainingProcess p, RunDir run, String signal) {
        int code = p.waitFor();
        assertEquals(75, code, p.describe(code));
        String err = p.stderr();
        Truthful.assertNoStackTrace(err, "SIG" + signal);
        long step = run.summary().get("steps").getAsLong();
        assertEquals("interrupted", run.summary().get("status").getAsString());
        assertEquals(75, run.summary().get("exit_code").getAsInt());
        Path ckpt = run.checkpoint(step);
        List<String> saying = err.lines().filter(l -> l.contains("interrupted")).toList();
        assertEquals(List.of("interrupted at step " + step + "; checkpoint saved to " + ckpt + "; continue with --resume auto"),
                saying, "one line says so:\n" + err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("SIG" + signal + " received")).count(), err);
        assertTrue(Truthful.errorLines(err).isEmpty(), "a requested stop is not an error:\n" + err);
        // (when the stop lands on a scheduled checkpoint step, 10 or 20, the two coincide: still correct)
        run.assertEveryCheckpointComplete("after SIG" + signal);
        assertEquals(step, run.state(step).get("step").getAsLong());
        return step;
    }
}
