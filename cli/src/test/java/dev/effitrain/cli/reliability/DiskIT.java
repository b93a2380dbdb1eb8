package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that cannot be written: a disk that fills up mid-checkpoint (a 1 MiB tmpfs), one with no
 * room for a single checkpoint, a per-file size limit ({@code ulimit -f}: EFBIG), a read-only file
 * system. Always exit 3 with the path and the reason, before training where that can be known,
 * and never a {@code step-*} directory that looks complete but is not.
 */
class DiskIT {
    @TempDir
    Path dir;

    @Test
    void aDiskThatFillsUpFailsTheCheckpointCleanlyAndTheRunResumesElsewhere() throws Exception {
        assumeTrue(MountNamespace.available(), MountNamespace.WHY_NOT);
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Path copy = Files.createDirectories(dir.resolve("copied-back"));
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, mount.resolve("run"), 30, 1).toString();
        // 1 MiB holds three checkpoints of ~265 kB when none is deleted; the fourth cannot be saved
        TrainingProcess p = Distribution.startWrapped(dir.resolve("logs"), "full",
                MountNamespace.withTmpfs(mount, "1m", copy), "run", recipe, "--set", "train.keep_last=0");
        int code = p.waitFor();
        assumeTrue(code != MountNamespace.SETUP_FAILED, "could not mount a tmpfs: " + p.stderr());
        assertEquals(3, code, p.describe(code));
        Truthful.assertNoStackTrace(p.stderr(), "disk full");
        Truthful.assertEveryErrorNames(p.stderr(), "disk full", mount.resolve("run").toString(), "No space left on device");
        RunDir run = new RunDir(copy.resolve("run"));
        assertTrue(run.stepDirs().size() >= 2, "some checkpoints fitted: " + run.entries());
        assertTrue(run.tmpDirs().isEmpty(), "the failed checkpoint's files were removed: " + run.entries());
        run.assertEveryCheckpointComplete("after the disk filled up");
        assertEquals(3, run.summary().get("exit_code").getAsInt());
        long saved = run.newestStep().orElseThrow();

        TrainingProcess resumed = Distribution.start(dir.resolve("logs"), "resumed", "run", recipe,
                "--set", "output=" + run.path());
        int again = resumed.waitFor();
        assertEquals(0, again, resumed.describe(again));
        assertEquals(saved, run.events("start").get(1).get("resumed_from_step").getAsLong());
        assertEquals(30, run.summary().get("steps").getAsLong());
    }

    @Test
    void noRoomForOneCheckpointFailsBeforeTraining() throws Exception {
        assumeTrue(MountNamespace.available(), MountNamespace.WHY_NOT);
        Path mount = Files.createDirectories(dir.resolve("tiny-disk"));
        Path copy = Files.createDirectories(dir.resolve("copied-back"));
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, mount.resolve("run"), 30, 1).toString();
        TrainingProcess p = Distribution.startWrapped(dir.resolve("logs"), "tiny",
                MountNamespace.withTmpfs(mount, "48k", copy), "run", recipe);
        int code = p.waitFor();
        assumeTrue(code != MountNamespace.SETUP_FAILED, "could not mount a tmpfs: " + p.stderr());
        assertEquals(3, code, p.describe(code));
        Truthful.assertNoStackTrace(p.stderr(), "no room");
        Truthful.assertEveryErrorNames(p.stderr(), "no room", mount.resolve("run/checkpoints").toString(), "bytes free");
        RunDir run = new RunDir(copy.resolve("run"));
        assertEquals(0, run.trainedSteps(), "nothing was trained");
        assertEquals(List.of(), run.entries());
    }

    @Test
    void aFileSizeLimitFailsTheCheckpointCleanly() {
        // runs everywhere: EFBIG from RLIMIT_FSIZE (the JVM ignores SIGXFSZ) stands in for a full disk
        RunDir run = new RunDir(dir.resolve("run"));
        String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), 30, 1).toString();
        TrainingProcess p = Distribution.startWrapped(dir.resolve("logs"), "fsize",
                List.of("bash", "-c", "ulimit -f 150 && exec \"$@\"", "bash"), "run", recipe);
        int code = p.waitFor();
        assertEquals(3, code, p.describe(code));
        Truthful.assertNoStackTrace(p.stderr(), "file size limit");
        Truthful.assertEveryErrorNames(p.stderr(), "file size limit", "optimizer.safetensors", "File too large");
        assertEquals(List.of(), run.entries(), "no checkpoint, finished or not, is left");
        assertEquals("failed", run.summary().get("status").getAsString());
    }

    @Test
    void aReadOnlyOutputFailsBeforeTraining() throws Exception {
        assumeTrue(MountNamespace.available(), MountNamespace.WHY_NOT);
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Path existing = Files.createDirectories(readOnly.resolve("existing/checkpoints"));
        for (Path output : List.of(readOnly.resolve("new-run"), existing.getParent())) {
            String recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, output, 30, 1).toString();
            TrainingProcess p = Distribution.startWrapped(dir.resolve("logs"), "ro-" + output.getFileName(),
                    MountNamespace.withReadOnly(readOnly), "run", recipe);
            int code = p.waitFor();
            assumeTrue(code != MountNamespace.SETUP_FAILED, "could not remount read-only: " + p.stderr());
            assertEquals(3, code, p.describe(code));
            Truthful.assertNoStackTrace(p.stderr(), "read-only");
            Truthful.assertEveryErrorNames(p.stderr(), "read-only " + output, output.toString());
            assertTrue(p.stderr().contains("Read-only file system") || p.stderr().contains("not writable"), p.stderr());
            assertNotEquals(true, p.stderr().contains("parameters;"), "failed before the model was even built");
        }
    }
}
