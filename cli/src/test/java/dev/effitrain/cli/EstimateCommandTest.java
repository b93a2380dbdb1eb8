package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.effitrain.cli.CliTest.Result;
import dev.effitrain.core.json.StrictParse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** effitrain estimate and run --dry-run: byte counts, strict JSON, the resume outlook, bad recipes. */
class EstimateCommandTest {

    @TempDir
    Path dir;

    /**
     * CliTest.TINY by hand: GPT, byte vocabulary V = 256, T = 16, d = 32, 2 heads, MLP 128, 1 layer,
     * head tied to the token embedding (the default). Parameters: embeddings 256·32 + 16·32 = 8,704;
     * block: qkv 32·96 + 96, proj 32·32 + 32, fc1 32·128 + 128, fc2 128·32 + 32, two norms 4·32 =
     * 12,704; final norm 64; in all 21,472.
     */
    private static final long PARAMS = 21_472;

    private JsonObject estimate(String... sets) throws Exception {
        Path recipe = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY.formatted(dir.resolve("run")));
        List<String> args = new java.util.ArrayList<>(List.of("estimate", recipe.toString(), "--json"));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        Result r = CliTest.exec(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonObject o = StrictParse.object(r.out());
        StrictParse.assertSnakeCaseKeys(o, "estimate --json");
        return o;
    }

    @Test
    void theByteCountsOfATinyModelAreTheHandCountedOnes() throws Exception {
        JsonObject e = estimate();
        assertEquals(PARAMS, e.get("params").getAsLong());
        JsonObject m = e.getAsJsonObject("memory");
        assertEquals(4 * PARAMS, m.get("weights_bytes").getAsLong());
        assertEquals(4 * PARAMS, m.get("gradients_bytes").getAsLong());
        assertEquals(8 * PARAMS, m.get("optimizer_state_bytes").getAsLong(), "AdamW: two fp32 moments");
        // per sample and layer (TokenStack): 16 tokens x (matmul 6·32+128+2·16 + fp32 8·32+128+2·2·16) x 4 B = 51,200;
        // outside the blocks 16 x (3·32 + 2·256) x 4 B = 38,912; backward peak max(51,200, 2·16·256·4) = 51,200;
        // micro-batch 4
        assertEquals(4L * (51_200 + 38_912 + 51_200), m.get("activations_bytes").getAsLong());
        assertEquals(m.get("baseline_bytes").getAsLong() + m.get("data_bytes").getAsLong() + 4 * PARAMS + 4 * PARAMS
                + 8 * PARAMS + m.get("activations_bytes").getAsLong(), m.get("peak_bytes").getAsLong());
        assertEquals(6, e.get("steps").getAsLong());
        assertEquals(6 * 4 * 16, e.get("tokens").getAsLong());
        assertTrue(e.getAsJsonObject("time").get("wall_s").getAsDouble() > 0);
        assertEquals(dir.resolve("run").toString(), e.get("run_dir").getAsString());
        assertEquals("start", e.getAsJsonObject("resume").get("action").getAsString());
    }

    /**
     * adamw8bit with min_8bit_size 0 quantizes every tensor: per state one uint8 code per element and
     * one fp32 absmax per block of 256; the 16 tensors make 92 blocks (token embedding 32, positions 2,
     * qkv 12 + 1, proj 4 + 1, fc1 16 + 1, fc2 16 + 1, six norm tensors 6), so 2 x (21,472 + 4 x 92)
     * bytes against AdamW's 8 x 21,472: 0.254 of it, (1 + 4/256) / 4 up to the partial blocks.
     */
    @Test
    void eightBitStateIsSmallerByTheRightFactor() throws Exception {
        long fp32 = estimate().getAsJsonObject("memory").get("optimizer_state_bytes").getAsLong();
        long q = estimate("optimizer.name=adamw8bit", "optimizer.min_8bit_size=0")
                .getAsJsonObject("memory").get("optimizer_state_bytes").getAsLong();
        assertEquals(8 * PARAMS, fp32);
        assertEquals(2 * (PARAMS + 4 * 92), q);
    }

    @Test
    void dryRunSaysWhetherTheRunWouldResumeOrIsComplete() throws Exception {
        Path run = CliTest.runTiny(dir, "t", "train.duration=3ba");   // checkpoint at step 3
        Path recipe = dir.resolve("t.yaml");
        JsonObject done = dryRun(recipe, "train.duration=3ba").getAsJsonObject("estimate");
        assertEquals("complete", done.getAsJsonObject("resume").get("action").getAsString());
        assertEquals(3, done.getAsJsonObject("resume").get("from_step").getAsLong());
        JsonObject longer = dryRun(recipe, "train.duration=6ba");
        JsonObject resume = longer.getAsJsonObject("estimate").getAsJsonObject("resume");
        assertEquals("resume", resume.get("action").getAsString());
        assertEquals(3, resume.get("from_step").getAsLong());
        assertTrue(resume.get("checkpoint").getAsString().endsWith("step-000003"), resume.toString());
        assertTrue(resume.get("note").getAsString().contains("train.duration"), resume.toString());
        assertEquals("6ba", longer.getAsJsonObject("recipe").getAsJsonObject("train").get("duration").getAsString());
        JsonObject changed = dryRun(recipe, "train.duration=6ba", "model.layers=2").getAsJsonObject("estimate");
        assertEquals("refused", changed.getAsJsonObject("resume").get("action").getAsString());
        Result text = CliTest.exec("run", recipe.toString(), "--dry-run", "--set", "train.duration=6ba");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("# on run            resume from step 3 of 6"), text.out());
        assertTrue(text.out().contains("\nname: tiny\n"), "the resolved recipe follows the estimate:\n" + text.out());
        assertFalse(Files.exists(run.resolve("checkpoints/step-000006")), "a dry run trains nothing");
    }

    private JsonObject dryRun(Path recipe, String... sets) {
        List<String> args = new java.util.ArrayList<>(List.of("run", recipe.toString(), "--dry-run", "--json"));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        Result r = CliTest.exec(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return StrictParse.object(r.out());
    }

    /** A progressive run: one model per stage, and the peak is the largest stage (the second block adds 12,704). */
    @Test
    void aProgressiveRunsPeakIsItsLargestStage() throws Exception {
        String recipe = CliTest.TINY.formatted(dir.resolve("prog")).replace("trainer: standard", "trainer: progressive")
                .replace("layers: 1", "layers: 2") + """
                progressive:
                  stages:
                    - { until: 0.5dur, model: { layers: 1 } }
                    - { grow: { depth: stack } }
                """;
        Path file = Files.writeString(dir.resolve("prog.yaml"), recipe);
        Result r = CliTest.exec("estimate", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject e = StrictParse.object(r.out());
        assertEquals(2, e.getAsJsonArray("models").size());
        assertEquals(PARAMS, e.getAsJsonArray("models").get(0).getAsJsonObject().get("params").getAsLong());
        assertEquals(PARAMS + 12_704, e.get("params").getAsLong());
        assertEquals(4 * (PARAMS + 12_704), e.getAsJsonObject("memory").get("weights_bytes").getAsLong());
        assertEquals(6, e.get("steps").getAsLong());
    }

    @Test
    void aBadRecipeIsExit2WithOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                CliTest.TINY.formatted(dir.resolve("run")).replace("layers: 1", "layrs: 1"));
        Result r = CliTest.exec("estimate", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("layrs"), r.err());
        assertEquals("", r.out());
    }
}
