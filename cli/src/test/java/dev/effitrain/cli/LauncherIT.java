package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher script, once, from another directory (runs after 'package' in 'mvn verify'). */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void launcherRunsARecipeFromAnyDirectory() throws Exception {
        Path launcher = Path.of("..", "effitrain").toAbsolutePath().normalize();
        Path recipe = dir.resolve("tiny.yaml");
        Files.writeString(recipe, CliTest.TINY.formatted("runs/tiny"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", recipe.toString(), "--json")
                .directory(dir.toFile()).redirectErrorStream(false);
        pb.environment().put("EFFITRAIN_OPTS", "-Dai.djl.pytorch.num_threads=1");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        assertTrue(new String(out, StandardCharsets.UTF_8).contains("\"status\": \"completed\""));
        assertTrue(Files.exists(dir.resolve("runs/tiny/summary.json")), "output is relative to the working directory");

        Process bad = new ProcessBuilder(launcher.toString(), "validate", dir.resolve("missing.yaml").toString())
                .directory(dir.toFile()).start();
        bad.getInputStream().readAllBytes();
        String badErr = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), badErr);
    }
}
