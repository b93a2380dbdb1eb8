package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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

    @Test
    void mklCodePathFollowsTheEnvironment() throws Exception {
        assertTrue(envJson("off").contains("\"mkl_code_path\": \"default\""));
        Path preload = Path.of("target", "native", "libeffitrain_mkl_intel.so").toAbsolutePath();
        Assumptions.assumeTrue(Files.exists(preload), "no gcc at build time: " + preload + " was not built");
        assertTrue(envJson("on").contains("\"mkl_code_path\": \"intel\""));

        Process bad = launcher("env").start();
        bad.getInputStream().readAllBytes();
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("EFFITRAIN_MKL_INTEL_PATH must be auto, on or off"), err);
    }

    private String envJson(String mklIntelPath) throws Exception {
        ProcessBuilder pb = launcher("env", "--json");
        pb.environment().put("EFFITRAIN_MKL_INTEL_PATH", mklIntelPath);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), err);
        return out;
    }

    /** The launcher with {@code args}; EFFITRAIN_MKL_INTEL_PATH=bogus unless the caller replaces it. */
    private ProcessBuilder launcher(String... args) {
        Path launcher = Path.of("..", "effitrain").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(launcher.toString());
        pb.command().addAll(java.util.List.of(args));
        pb.directory(dir.toFile()).environment().put("EFFITRAIN_MKL_INTEL_PATH", "bogus");
        return pb;
    }
}
