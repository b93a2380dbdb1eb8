package dev.effitrain.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This plugin as a user gets it: the release archive that cli's 'package' built, unpacked, and this
 * module's jar on EFFITRAIN_PLUGINS (not on any build class path). {@code effitrain env} names the
 * jar, a recipe for the plugin's trainer runs, and broken plugins are one warning line each.
 */
class HelloPluginIT {
    static final Path ARCHIVE = Path.of("..", "..", "cli", "target", "effitrain-0.1.0.tar.gz");
    static final Path JAR = Path.of("target", "effitrain-example-hello-trainer-0.1.0.jar").toAbsolutePath();

    @TempDir
    static Path dir;
    static Path bin;

    @BeforeAll
    static void unpack() throws Exception {
        assertTrue(Files.exists(ARCHIVE), "cli's 'mvn package' builds the archive first: " + ARCHIVE.toAbsolutePath());
        assertTrue(Files.exists(JAR), "'mvn package' builds the plugin first: " + JAR);
        assertEquals(0, new ProcessBuilder("tar", "xzf", ARCHIVE.toAbsolutePath().toString(), "-C", dir.toString())
                .inheritIO().start().waitFor());
        bin = dir.resolve("effitrain-0.1.0/bin/effitrain");
    }

    @Test
    void envNamesThePluginJarAndItsRecipeTrains() throws Exception {
        Result env = exec(Map.of("EFFITRAIN_PLUGINS", JAR.toString()), "env", "--json");
        assertEquals(0, env.code(), env.err());
        assertEquals("", env.err(), "a good plugin loads without a word");
        JsonObject trainers = JsonParser.parseString(env.out()).getAsJsonObject().getAsJsonObject("trainers");
        assertEquals(JAR.toString(), trainers.getAsJsonObject("hello").get("from").getAsString());
        assertEquals("built-in", trainers.getAsJsonObject("standard").get("from").getAsString());

        Path out = dir.resolve("runs/hello");
        Result run = exec(Map.of("EFFITRAIN_PLUGINS", JAR.toString()), "run", Path.of("hello.yaml").toAbsolutePath().toString(),
                "--set", "train.duration=40ba", "--set", "train.eval_every=40ba", "--set", "train.checkpoint_every=0",
                "--set", "output=" + out, "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals("completed", summary.get("status").getAsString());
        assertEquals(40, summary.get("steps").getAsLong());
        assertTrue(summary.getAsJsonObject("eval").has("val_acc"), summary.toString());

        Result without = exec(Map.of(), "validate", Path.of("hello.yaml").toAbsolutePath().toString());
        assertEquals(2, without.code(), "without the plugin its trainer is unknown: " + without.err());
        assertTrue(without.err().contains("trainer"), without.err());
    }

    @Test
    void theHomePluginFolderIsReadToo() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/.effitrain/plugins")).getParent().getParent();
        Path copy = Files.copy(JAR, home.resolve(".effitrain/plugins/hello.jar"));
        Result env = exec(Map.of("HOME", home.toString()), "env", "--json");
        assertEquals(0, env.code(), env.err());
        JsonObject hello = JsonParser.parseString(env.out()).getAsJsonObject().getAsJsonObject("trainers").getAsJsonObject("hello");
        assertEquals(copy.toString(), hello.get("from").getAsString());
    }

    @Test
    void aBrokenPluginIsOneLineNamingItsJar() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "not a zip file");
        Path missingClass = dir.resolve("missing-class.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(missingClass))) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.effitrain.core.spi.TrainerModule"));
            jar.write("com.example.NoSuchTrainer\n".getBytes(StandardCharsets.UTF_8));
        }
        Result validate = exec(Map.of("EFFITRAIN_PLUGINS", garbage + ":" + missingClass + ":" + JAR), "validate",
                Path.of("hello.yaml").toAbsolutePath().toString());
        assertEquals(0, validate.code(), "the good plugin beside them still loads: " + validate.err());
        List<String> lines = validate.err().strip().lines().toList();
        assertEquals(2, lines.size(), validate.err());
        assertTrue(lines.get(0).startsWith("warning: " + garbage + ": not a readable jar"), lines.get(0));
        assertEquals("warning: " + missingClass + ": cannot load trainer com.example.NoSuchTrainer (class not found); "
                + "it is ignored", lines.get(1));
        assertFalse(validate.err().contains("Exception"), validate.err());
    }

    record Result(int code, String out, String err) {
    }

    private static Result exec(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(bin.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("EFFITRAIN_"));
        env.put("EFFITRAIN_OPTS", "-Dai.djl.pytorch.num_threads=1");
        env.put("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());   // libtorch unpacked once
        env.put("HOME", dir.resolve("empty-home").toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.flush();
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
