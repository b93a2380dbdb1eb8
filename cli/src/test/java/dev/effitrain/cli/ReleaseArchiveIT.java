package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that 'package' built (target/effitrain-0.1.0.tar.gz), unpacked and run with a
 * PATH of its own: the java in use, a fake mvn that fails if called, and /usr/bin:/bin.
 */
class ReleaseArchiveIT {
    static final Path ARCHIVE = Path.of("target", "effitrain-0.1.0.tar.gz");

    @TempDir
    static Path dir;   // unpacked once for both tests
    static Path bin;   // bin/effitrain of the unpacked archive
    static Path mvnCalled;

    @BeforeAll
    static void unpack() throws Exception {
        assertTrue(Files.exists(ARCHIVE), "run 'mvn package' first: " + ARCHIVE.toAbsolutePath());
        assertEquals(0, new ProcessBuilder("tar", "xzf", ARCHIVE.toAbsolutePath().toString(), "-C", dir.toString())
                .inheritIO().start().waitFor());
        bin = dir.resolve("effitrain-0.1.0/bin/effitrain");
        assertTrue(Files.isExecutable(bin), bin.toString());
        assertTrue(Files.exists(dir.resolve("effitrain-0.1.0/recipes/quickstart.yaml")));

        Path fakebin = Files.createDirectories(dir.resolve("fakebin"));
        mvnCalled = dir.resolve("mvn-called");
        Path mvn = fakebin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch '" + mvnCalled + "'\nexit 97\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Path java = fakebin.resolve("java");   // the JDK running this test, first on the PATH
        Files.writeString(java, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
    }

    @Test
    void versionRecipesAndATinyRunWithoutMavenOrNetworkSettings() throws Exception {
        assertTrue(run("--version").out().startsWith("effitrain 0.1.0"));
        assertTrue(run("recipes").out().contains("quickstart"), "recipes come from the archive's recipes/");
        assertTrue(Files.exists(dir.resolve("effitrain-0.1.0/configs/models/gpt-tiny.yaml")), "configs/ ships beside recipes/");
        assertTrue(run("validate", "quickstart").out().contains("seq_len: 64"),
                "a bundled recipe finds the configs it extends (gpt-tiny's seq_len; the default is 128)");

        Path recipe = dir.resolve("tiny.yaml");
        Files.writeString(recipe, CliTest.TINY.formatted("runs/tiny"));
        Result run = run("run", recipe.toString(), "--json");
        assertTrue(run.out().contains("\"status\": \"completed\""), run.out());
        assertTrue(Files.exists(dir.resolve("runs/tiny/summary.json")));

        ProcessBuilder env = launcher("env", "--json");
        env.environment().put("EFFITRAIN_MKL_INTEL_PATH", "on");
        Result envJson = exec(env);
        assertTrue(envJson.out().contains("\"libtorch_flavor\": \"cpu"), envJson.out());
        if (Files.exists(dir.resolve("effitrain-0.1.0/lib/native/libeffitrain_mkl_intel.so"))) {
            assertTrue(envJson.out().contains("\"mkl_code_path\": \"intel\""), "the archive's preload library is used");
        }
        assertFalse(Files.exists(mvnCalled), "the archive's launcher called mvn");
    }

    @Test
    void oldJavaIsExitTwoWithOneLine() throws Exception {
        Path oldJava = dir.resolve("oldjava/bin/java");
        Files.createDirectories(oldJava.getParent());
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        assertTrue(oldJava.toFile().setExecutable(true));
        ProcessBuilder pb = launcher("--version");
        pb.environment().put("JAVA_HOME", dir.resolve("oldjava").toString());
        Result r = exec(pb);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("Java 17 or newer is needed"), r.err());
    }

    record Result(int code, String out, String err) {
    }

    /** The archive's launcher with {@code args}; asserts exit code 0. */
    private static Result run(String... args) throws Exception {
        Result r = exec(launcher(args));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static ProcessBuilder launcher(String... args) {
        ProcessBuilder pb = new ProcessBuilder(concat(bin.toString(), args)).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("EFFITRAIN_") || k.equals("JAVA_HOME"));
        env.put("PATH", dir.resolve("fakebin") + ":/usr/bin:/bin");
        env.put("EFFITRAIN_OPTS", "-Dai.djl.pytorch.num_threads=1");
        return pb;
    }

    private static Result exec(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
