package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path recipe = dir.resolve("tiny.yaml");
        Files.writeString(recipe, CliTest.TINY.formatted("runs/tiny"));
        ProcessBuilder pb = launcher("run", recipe.toString(), "--json");
        pb.environment().put("EFFITRAIN_OPTS", "-Dai.djl.pytorch.num_threads=1");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        assertTrue(new String(out, StandardCharsets.UTF_8).contains("\"status\": \"completed\""));
        assertTrue(Files.exists(dir.resolve("runs/tiny/summary.json")), "output is relative to the working directory");

        exitsWith2(launcher("validate", dir.resolve("missing.yaml").toString()));
    }

    @Test
    void mklCodePathFollowsTheEnvironment() throws Exception {
        assertTrue(envJson("off").contains("\"mkl_code_path\": \"default\""));
        Path preload = Path.of("target", "native", "libeffitrain_mkl_intel.so").toAbsolutePath();
        Assumptions.assumeTrue(Files.exists(preload), "no gcc at build time: " + preload + " was not built");
        assertTrue(envJson("on").contains("\"mkl_code_path\": \"intel\""));

        ProcessBuilder bad = launcher("env");
        bad.environment().put("EFFITRAIN_MKL_INTEL_PATH", "bogus");
        String err = exitsWith2(bad);
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

    /** Runs {@code pb}, asserts exit code 2 and returns its standard error. */
    private static String exitsWith2(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, p.exitValue(), err);
        return err;
    }

    /** The launcher with {@code args}, run from the test's temporary directory. */
    private ProcessBuilder launcher(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "effitrain").toAbsolutePath().normalize().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }
}
