package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code effitrain expand} end to end through files, and its refusals with their exit codes. */
class ExpandCommandTest {
    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainASmallModel() throws Exception {
        Path recipe = shared.resolve("tiny.yaml");
        run = shared.resolve("run");
        Files.writeString(recipe, CliTest.TINY.formatted(run).replace("layers: 1", "layers: 2"));
        CliTest.Result r = CliTest.exec("run", recipe.toString(), "--set", "train.checkpoint_every=0");
        assertEquals(0, r.code(), r.err());
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static Path checkpoint(Path runDir) {
        return runDir.resolve("checkpoints").resolve("step-000006");
    }

    @Test
    void functionPreservingGrowthRoundTripsThroughFilesWithProvenance() throws Exception {
        Path out = dir.resolve("grown");
        CliTest.Result r = CliTest.exec("expand", "--from", run.toString(), "--out", out.toString(), "--d-model", "64",
                "--layers", "3", "--depth", "identity", "--width", "fpi", "--optimizer-state", "map", "--check");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("function-preserving: yes"), r.out());
        Matcher m = Pattern.compile("source loss ([0-9.]+), grown loss ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), 1e-5, "logits preserved through files");

        JsonObject parent = json(checkpoint(run).resolve("state.json"));
        JsonObject state = json(checkpoint(out).resolve("state.json"));
        JsonObject prov = state.getAsJsonObject("provenance");
        assertEquals(parent.getAsJsonObject("files").getAsJsonObject("model.safetensors").get("sha256"),
                prov.getAsJsonObject("parent_sha256").get("model.safetensors"));
        assertEquals("identity", prov.getAsJsonObject("operator").get("depth").getAsString());
        assertEquals("map", prov.get("optimizer_state").getAsString());
        assertTrue(prov.get("arguments").toString().contains("--d-model"));
        assertEquals(3, state.getAsJsonObject("model").get("layers").getAsInt());
        assertEquals(4, state.getAsJsonObject("model").get("heads").getAsInt(), "heads follow d_model at the same head size");
        assertEquals(parent.get("data"), state.get("data"), "training position kept");

        CliTest.Result inspect = CliTest.exec("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("provenance") && inspect.out().contains("blocks.2.attn.qkv.weight"), inspect.out());
        assertTrue(inspect.out().contains("exp_avg") || inspect.out().contains("optimizer"), inspect.out());

        // a recipe of the grown size starts from it
        Path next = dir.resolve("next.yaml");
        Files.writeString(next, CliTest.TINY.formatted(dir.resolve("next-run"))
                .replace("layers: 1, d_model: 32, heads: 2", "layers: 3, d_model: 64, heads: 4")
                + "init_from: " + out + "\n");
        CliTest.Result continued = CliTest.exec("run", next.toString(), "--set", "train.duration=2ba");
        assertEquals(0, continued.code(), continued.err());
    }

    @Test
    void stackingWritesTheCopiedLayersAndSaysItIsNotFunctionPreserving() throws Exception {
        Path out = dir.resolve("stacked");
        CliTest.Result r = CliTest.exec("expand", "--from", checkpoint(run).toString(), "--out", out.toString(),
                "--layers", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(report.get("function_preserving").getAsBoolean());
        assertEquals("reset", report.getAsJsonObject("provenance").get("optimizer_state").getAsString());
        CliTest.Result inspect = CliTest.exec("inspect", out.toString(), "--json");
        JsonObject tensors = JsonParser.parseString(inspect.out()).getAsJsonObject().getAsJsonObject("tensors");
        assertTrue(tensors.has("blocks.3.mlp.fc2.weight"));
        assertEquals(0, JsonParser.parseString(inspect.out()).getAsJsonObject().get("optimizer_state_bytes").getAsLong());
    }

    @Test
    void impossibleRequestsExitTwoBeforeWritingAnything() {
        Path out = dir.resolve("never");
        String[][] requests = {
                {"--layers", "1", "--depth", "stack"},                  // shrinking with a growth operator
                {"--layers", "4", "--depth", "stak"},                   // unknown operator
                {"--d-model", "48"},                                    // not a whole multiple for fpi
                {"--d-model", "64", "--heads", "2"},                    // head size would change
                {"--layers", "-1"},                                     // invalid size
                {},                                                     // no target size
                {"--layers", "4", "--optimizer-state", "keep"},         // bad option value
                {"--layers", "4", "--set", "model.seq_len"},            // malformed --set
        };
        for (String[] extra : requests) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(new String[] {"expand", "--from", run.toString(),
                    "--out", out.toString()}), java.util.Arrays.stream(extra)).toArray(String[]::new);
            CliTest.Result r = CliTest.exec(args);
            assertEquals(2, r.code(), String.join(" ", extra) + ": " + r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", extra));
        }
        assertEquals(2, CliTest.exec("expand", "--from", run.toString(), "--layers", "4").code(), "--out is required");
    }

    @Test
    void helpListsTheOperatorsAndExitCodes() {
        CliTest.Result help = CliTest.exec("expand", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("copy-top") && help.out().contains("decoalesce") && help.out().contains("Exit codes:"),
                help.out());
    }

    @Test
    void anOccupiedOutputIsRefused() throws Exception {
        Path out = dir.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliTest.Result r = CliTest.exec("expand", "--from", run.toString(), "--out", out.toString(), "--layers", "4");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not empty"), r.err());
    }

    @Test
    void missingOrCorruptCheckpointsExitThree() throws Exception {
        CliTest.Result missing = CliTest.exec("expand", "--from", dir.resolve("nope").toString(), "--out",
                dir.resolve("o1").toString(), "--layers", "4");
        assertEquals(3, missing.code(), missing.err());

        Path copy = dir.resolve("copy");
        Path src = checkpoint(run);
        Path ckpt = copy.resolve("checkpoints").resolve("step-000006");
        Files.createDirectories(ckpt);
        for (String f : new String[] {"model.safetensors", "optimizer.safetensors", "state.json"}) {
            Files.copy(src.resolve(f), ckpt.resolve(f));
        }
        try (RandomAccessFile f = new RandomAccessFile(ckpt.resolve("model.safetensors").toFile(), "rw")) {
            f.seek(f.length() - 8);
            f.write(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        }
        Path out = dir.resolve("o2");
        CliTest.Result corrupt = CliTest.exec("expand", "--from", copy.toString(), "--out", out.toString(), "--layers", "4");
        assertEquals(3, corrupt.code(), corrupt.err());
        assertTrue(corrupt.err().contains("model.safetensors"), corrupt.err());
        assertFalse(Files.exists(out.resolve("checkpoints").resolve("step-000006")), "no checkpoint written");
    }
}
