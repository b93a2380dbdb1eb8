package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real process prints when {@code --resume auto} passes over a damaged newest checkpoint (a
 * torn write, as a power loss could leave): it resumes from the newest complete one and says which
 * one it skipped and why, on stderr.
 */
class DamagedCheckpointIT {
    @TempDir
    Path dir;

    @Test
    void resumeAutoSaysWhichDamagedCheckpointItSkipped() {
        RunDir run = new RunDir(dir.resolve("run"));
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), 4, 1).toString();
        InProcessCli.Result first = InProcessCli.exec("run", recipe);
        assertEquals(0, first.code(), first.show());
        Path model = run.checkpoint(4).resolve("model.safetensors");
        Damage.truncateToHalf(model);
        long damagedSize = Damage.size(model);

        TrainingProcess p = Distribution.start(dir.resolve("logs"), "resume", "run", recipe);
        int code = p.waitFor();
        assertEquals(0, code, p.describe(code));
        assertTrue(p.stderr().lines().anyMatch(l -> l.contains("skipping incomplete checkpoint " + run.checkpoint(4))
                && l.contains(model + ": " + damagedSize + " bytes")), p.describe(code));
        assertEquals(3, run.events("start").get(1).get("resumed_from_step").getAsLong());
        run.assertEveryCheckpointComplete("the resumed run replaced the damaged checkpoint");
    }
}
