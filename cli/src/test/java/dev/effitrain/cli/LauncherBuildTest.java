package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When and how the launcher builds, with a fake {@code mvn} and {@code java} in a copy of the
 * launcher: the build flavour stays across rebuilds, a recipe edit rebuilds nothing, the expected
 * failure of the offline attempt prints nothing, a real build failure prints Maven's output.
 */
class LauncherBuildTest {
    @TempDir
    Path home;
    Path bin;
    Path mvnLog;

    @BeforeEach
    void setUp() throws Exception {
        Files.copy(Path.of("..", "effitrain"), home.resolve("effitrain"));
        exec(home.resolve("effitrain"));
        for (String dir : List.of("core/src/main/java", "cli/src/main/java", "cli/src/main/sh", "trainers/x/src/main/java", "recipes")) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.copy(Path.of("src", "main", "sh", "runtime-env.sh"), home.resolve("cli/src/main/sh/runtime-env.sh"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        Files.writeString(home.resolve("core/src/main/java/A.java"), "class A {}");
        Files.writeString(home.resolve("recipes/r.yaml"), "name: r\n");
        bin = Files.createDirectories(home.resolve("fakebin"));
        mvnLog = home.resolve("mvn.log");
        // fake mvn: logs its arguments; the offline attempt fails as on a fresh machine; FAIL_BUILD fails all
        script(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                if [[ " $* " == *" -o "* ]]; then echo "[ERROR] Cannot access central in offline mode"; exit 1; fi
                if [[ -n "${FAIL_BUILD:-}" ]]; then echo "[ERROR] COMPILATION ERROR in A.java"; exit 1; fi
                mkdir -p cli/target/lib && touch cli/target/effitrain-cli-0.1.0.jar
                """.formatted(mvnLog));
        // fake java: reports JAVA_VERSION for -version, else prints the flavour property it was given
        script(bin.resolve("java"), """
                #!/usr/bin/env bash
                if [[ "$1" == -version ]]; then echo "openjdk version \\"${JAVA_VERSION:-17.0.9}\\" 2023-10-17" >&2; exit 0; fi
                for a in "$@"; do [[ "$a" == -Deffitrain.flavor=* ]] && echo "ran with ${a#-Deffitrain.flavor=}"; done
                for a in "$@"; do [[ "$a" == -Deffitrain.plugins=* ]] && echo "plugins ${a#-Deffitrain.plugins=}"; done
                while [[ $# -gt 0 ]]; do [[ "$1" == -cp ]] && echo "classpath $2"; shift; done
                exit 0
                """);
    }

    @Test
    void theGpuFlavourStaysAcrossASourceChangeAndRecipeEditsRebuildNothing() throws Exception {
        Result first = launch(Map.of("EFFITRAIN_FLAVOR", "gpu"));
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.contains("ran with gpu"), first.out);
        assertEquals(1, first.err.lines().count(), "one line while building, no offline-attempt errors: " + first.err);
        assertTrue(first.err.contains("building the distribution (gpu"), first.err);
        assertTrue(lastMvnCall().contains("-Dgpu"), lastMvnCall());

        modified(home.resolve("core/src/main/java/A.java"), 30);
        Result rebuilt = launch(Map.of());
        assertTrue(rebuilt.err.contains("building"), "a source change rebuilds: " + rebuilt.err);
        assertTrue(lastMvnCall().contains("-Dgpu"), "and keeps the gpu flavour: " + lastMvnCall());
        assertTrue(rebuilt.out.contains("ran with gpu"), rebuilt.out);

        int calls = mvnCalls();
        modified(home.resolve("recipes/r.yaml"), 30);
        Result recipeEdit = launch(Map.of());
        assertEquals(calls, mvnCalls(), "a recipe edit does not rebuild");
        assertEquals("", recipeEdit.err);

        Result cpu = launch(Map.of("EFFITRAIN_FLAVOR", "cpu"));
        assertTrue(cpu.err.contains("building the distribution (cpu"), "switching flavour rebuilds: " + cpu.err);
        assertFalse(lastMvnCall().contains("-Dgpu"), lastMvnCall());
    }

    @Test
    void aFailedBuildShowsMavensOutputAndExitsOne() throws Exception {
        Result r = launch(Map.of("FAIL_BUILD", "1"));
        assertEquals(1, r.code);
        assertTrue(r.err.contains("COMPILATION ERROR in A.java"), r.err);
        assertTrue(r.err.contains("build failed"), r.err);
    }

    @Test
    void badFlavourAndOldJavaAreExitTwoWithOneLine() throws Exception {
        Result flavour = launch(Map.of("EFFITRAIN_FLAVOR", "tpu"));
        assertEquals(2, flavour.code);
        assertEquals("effitrain: EFFITRAIN_FLAVOR must be cpu or gpu, not 'tpu'", flavour.err.strip());
        Result java = launch(Map.of("JAVA_VERSION", "11.0.2"));
        assertEquals(2, java.code);
        assertEquals(1, java.err.strip().lines().count(), java.err);
        assertTrue(java.err.contains("Java 17 or newer is needed") && java.err.contains("Java 11"), java.err);
    }

    @Test
    void pluginsFromTheEnvironmentAndTheHomeFolderGoAtTheEndOfTheClassPath() throws Exception {
        Path jar = Files.writeString(home.resolve("p.jar"), "a jar");
        Files.createDirectories(home.resolve("plugdir"));
        Path user = home.resolve("user");
        Path homePlugins = Files.createDirectories(user.resolve(".effitrain/plugins"));
        Result r = launch(Map.of("EFFITRAIN_PLUGINS", jar + "::plugdir", "HOME", user.toString()));
        assertEquals(0, r.code, r.err);
        Path dir = home.resolve("plugdir");
        assertTrue(r.out.contains("plugins " + jar + ":" + dir + ":" + homePlugins + "\n"), r.out);
        assertTrue(r.out.contains("/lib/*:" + jar + ":" + dir + ":" + dir + "/*:" + homePlugins + ":" + homePlugins + "/*\n"), r.out);

        Result none = launch(Map.of("HOME", home.resolve("nobody").toString()));
        assertTrue(none.out.contains("plugins \n") && none.out.contains("/lib/*\n"), none.out);
    }

    private record Result(int code, String out, String err) {
    }

    private Result launch(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("effitrain").toString(), "env").directory(home.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("EFFITRAIN_FLAVOR");
        pb.environment().remove("EFFITRAIN_PLUGINS");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("EFFITRAIN_MKL_INTEL_PATH", "off");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new Result(p.exitValue(), out, err);
    }

    private String lastMvnCall() throws Exception {
        List<String> calls = Files.readAllLines(mvnLog);
        return calls.get(calls.size() - 1);
    }

    private int mvnCalls() throws Exception {
        return Files.exists(mvnLog) ? Files.readAllLines(mvnLog).size() : 0;
    }

    /**
     * Dates every file two minutes back, the last build one minute back and {@code file}
     * {@code secondsAgo}: only {@code file} is newer than the build (file times can be coarse).
     */
    private void modified(Path file, int secondsAgo) throws Exception {
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(120)));
            }
        }
        Files.setLastModifiedTime(home.resolve("cli/target/.effitrain-built"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        exec(file);
    }

    private static void exec(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
