package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that can never be written, known before anything trains: under a device file
 * ({@code /dev/full}), where a file stands in the way of the run directory or of its
 * {@code checkpoints/}. Exit 3 naming the path and the reason. (Read-only and full file systems
 * need a mount: {@link DiskIT}.)
 */
class OutputNotWritableTest {
    @TempDir
    Path dir;

    private void refused(String what, Path output, String... names) {
        Path recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, output, 2, 1);
        InProcessCli.Result r = InProcessCli.exec("run", recipe.toString());
        Truthful.assertNoStackTrace(r.err(), what);
        assertEquals(3, r.code(), what + ": " + r.show());
        Truthful.assertEveryErrorNames(r.err(), what, names);
        assertEquals("", r.out(), what + ": nothing was trained");
    }

    @Test
    void underDevFull() {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full on this system");
        refused("/dev/full", Path.of("/dev/full/run"), "/dev/full/run", "/dev/full");
    }

    @Test
    void aFileWhereTheRunDirectoryGoes() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "not a directory");
        refused("file as run directory", file, file.toString(), "Not a directory");
    }

    @Test
    void aFileWhereCheckpointsGo() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("checkpoints"), "not a directory");
        refused("file as checkpoints/", run, run.toString(), "in the way");
    }
}
