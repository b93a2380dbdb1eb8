package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.effitrain.cli.CliTest.Result;
import dev.effitrain.core.json.StrictParse;
import dev.effitrain.core.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume never silently changes a run, a finished run is never damaged, and every JSON the run
 * writes or prints parses strictly with snake_case keys.
 */
class RunSafetyTest {
    @TempDir
    Path dir;

    private Path recipe() throws IOException {
        Path f = dir.resolve("tiny.yaml");
        if (!Files.exists(f)) {
            Files.writeString(f, CliTest.TINY.formatted(dir.resolve("run")));
        }
        return f;
    }

    private Result run(String... extra) throws IOException {
        String[] args = Stream.concat(Stream.of("run", recipe().toString()), Stream.of(extra)).toArray(String[]::new);
        return CliTest.exec(args);
    }

    /** Every file under the run directory with its bytes' hash and modification time. */
    private Map<String, String> snapshot() throws IOException {
        Path root = dir.resolve("run");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)) + "@"
                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    @Test
    void aResumeThatChangesTheModelOrOptimizerIsRefusedKeyByKey() throws Exception {
        assertEquals(0, run("--set", "train.duration=3ba").code());
        Map<String, String> before = snapshot();
        Result r = run("--set", "model.layers=2", "--set", "optimizer.name=lion", "--set", "seed=4");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("error:   model.layers: 1 -> 2"), r.err());
        assertTrue(r.err().contains("error:   optimizer.name: adamw -> lion"), r.err());
        assertTrue(r.err().contains("error:   seed: 3 -> 4"), r.err());
        assertTrue(r.err().contains("train.duration") && r.err().contains("--set output="), r.err());
        assertEquals(before, snapshot(), "the refused resume touched nothing");
    }

    @Test
    void aResumeMayTrainLongerWithAWarningAndKeepsEachRecipe() throws Exception {
        assertEquals(0, run("--set", "train.duration=3ba").code());
        String original = Files.readString(dir.resolve("run/recipe.yaml"));
        Result r = run("--set", "train.log_every=1ba");   // TINY says 6ba: longer, and logged more often
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("warning: resuming")).count(), r.err());
        assertTrue(r.err().contains("train.duration: 3ba -> 6ba") && r.err().contains("train.log_every: 2ba -> 1ba"), r.err());
        assertEquals(original, Files.readString(dir.resolve("run/recipe.yaml")), "recipe.yaml stays the original");
        String resumed = Files.readString(dir.resolve("run/recipe.resume-step-000003.yaml"));
        assertTrue(resumed.contains("duration: 6ba") && resumed.contains("log_every: 1ba"), resumed);
        assertEquals(6, StrictParse.object(Files.readString(dir.resolve("run/summary.json"))).get("steps").getAsInt());
    }

    @Test
    void aFinishedRunIsLeftExactlyAsItWas() throws Exception {
        Result first = run("--json");
        assertEquals(0, first.code(), first.err());
        Map<String, String> before = snapshot();

        Result again = run();
        assertEquals(0, again.code(), again.err());
        assertEquals(1, again.out().lines().count(), again.out());
        assertTrue(again.out().contains("already complete (step 6 of 6)"), again.out());
        Result json = run("--json");
        assertEquals(0, json.code(), json.err());
        JsonObject summary = StrictParse.object(json.out());
        assertTrue(summary.get("final_train_loss").getAsJsonPrimitive().isNumber(), json.out());
        assertFalse(summary.getAsJsonObject("eval").isEmpty(), json.out());
        assertEquals(StrictParse.object(first.out()), summary);
        assertEquals(before, snapshot(), "nothing in the run directory was written");
    }

    @Test
    void resumeNeverIntoAnExistingRunIsRefusedInOneLine() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/recipe.yaml"), "# a run that died before its first checkpoint\n");
        Result r = run("--resume", "never");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("already holds a run") && r.err().contains("--resume auto")
                && r.err().contains("--set output="), r.err());
        assertEquals(0, run("--resume", "never", "--set", "output=" + dir.resolve("fresh"), "--set", "train.duration=1ba").code());
    }

    @Test
    void aSecondWriterInTheSameProcessIsRefused() throws Exception {
        try (RunDirectory held = RunDirectory.open(dir.resolve("run"))) {
            Result r = run();
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("is writing to this directory"), r.err());
        }
    }

    @Test
    void everyJsonFileAndOutputParsesStrictlyWithSnakeCaseKeys() throws Exception {
        Result r = run("--json");
        assertEquals(0, r.code(), r.err());
        Path runDir = dir.resolve("run");
        check("run --json", r.out());
        check("summary.json", Files.readString(runDir.resolve("summary.json")));
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            check("metrics.jsonl", line);
        }
        JsonObject state = check("state.json", Files.readString(runDir.resolve("checkpoints/step-000006/state.json")))
                .getAsJsonObject();
        assertEquals(32, state.getAsJsonObject("model").get("d_model").getAsInt());
        JsonObject dry = check("run --dry-run --json", ok(CliTest.exec("run", recipe().toString(), "--dry-run", "--json")))
                .getAsJsonObject();
        assertEquals("6ba", dry.getAsJsonObject("recipe").getAsJsonObject("train").get("duration").getAsString());
        check("validate --json", ok(CliTest.exec("validate", recipe().toString(), "--json")));
        check("recipes list --json", ok(CliTest.exec("recipes", "list", "--json")));
        check("inspect --json", ok(CliTest.exec("inspect", runDir.toString(), "--json")));
        check("env --json", ok(CliTest.exec("env", "--json")));
    }

    @Test
    void validateJsonListsErrorsAsObjectsOnStdout() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ntrainer: standard\nmodel:\n  arch: gpt\n  layrs: 4\n");
        Result r = CliTest.exec("validate", bad.toString(), "--json");
        assertEquals(2, r.code());
        JsonObject o = StrictParse.object(r.out());
        assertFalse(o.get("valid").getAsBoolean());
        JsonObject first = o.getAsJsonArray("errors").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(e -> e.get("key").toString().contains("layrs")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertEquals(bad.toString(), first.get("file").getAsString());
        assertEquals(5, first.get("line").getAsInt());
        assertEquals("model.layrs", first.get("key").getAsString());
        assertTrue(first.get("message").getAsString().contains("layers"), r.out());
        assertTrue(r.err().contains("model.layrs"), "and as text on stderr: " + r.err());
    }

    @Test
    void recipesListJsonNamesEachRecipe() {
        JsonElement list = StrictParse.parse(ok(CliTest.exec("recipes", "list", "--json")));
        assertTrue(list.getAsJsonArray().asList().stream().anyMatch(e -> e.getAsJsonObject().get("name").getAsString()
                .equals("quickstart") && !e.getAsJsonObject().get("description").getAsString().isEmpty()), list.toString());
    }

    private static String ok(Result r) {
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    private static JsonElement check(String where, String text) {
        JsonElement e = StrictParse.parse(text);
        StrictParse.assertSnakeCaseKeys(e, where);
        return e;
    }
}
