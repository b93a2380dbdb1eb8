package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs into one output directory. While the first trains, a second process is refused (exit 2,
 * "another effitrain run is writing to this directory"), with or without --resume, and changes
 * nothing (--resume never is refused before that: the directory already holds a run). Once the
 * first is gone, --resume never still refuses the directory and
 * --resume auto (the default) continues the run.
 */
class ConcurrentRunIT {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIntoTheSameDirectoryIsRefusedUntilTheFirstIsGone() throws Exception {
        Path logs = dir.resolve("logs");
        RunDir run = new RunDir(dir.resolve("run"));
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), 400, 5).toString();
        TrainingProcess first = Distribution.start(logs, "first", "run", recipe);
        first.await("training", () -> run.trainedSteps() >= 2);

        for (String resume : List.of("auto", "never")) {
            byte[] recipeBefore = Files.readAllBytes(run.path().resolve("recipe.yaml"));
            TrainingProcess second = Distribution.start(logs, "second-" + resume, "run", recipe, "--resume", resume);
            int code = second.waitFor();
            assertEquals(2, code, second.describe(code));
            Truthful.assertNoStackTrace(second.stderr(), "second run");
            String expected = resume.equals("never") ? "already holds a run" : "another effitrain run is writing to this directory";
            Truthful.assertEveryErrorNames(second.stderr(), "second run --resume " + resume, run.path().toString(), expected);
            assertTrue(first.isAlive(), "the first run goes on");
            assertEquals(new String(recipeBefore), Files.readString(run.path().resolve("recipe.yaml")),
                    "the refused run wrote nothing");
        }

        first.signal("TERM");
        assertEquals(75, first.waitFor(), first.stderr());
        long stoppedAt = run.summary().get("steps").getAsLong();

        InProcessCli.Result never = InProcessCli.exec("run", recipe, "--resume", "never");
        assertEquals(2, never.code(), never.show());
        Truthful.assertEveryErrorNames(never.err(), "--resume never", "already holds a run", "--resume auto");

        TrainingProcess resumed = Distribution.start(logs, "resumed", "run", recipe, "--set", "train.duration=" + (stoppedAt + 3) + "ba");
        int code = resumed.waitFor();
        assertEquals(0, code, resumed.describe(code));
        assertEquals(stoppedAt, run.events("start").get(1).get("resumed_from_step").getAsLong());
    }
}
