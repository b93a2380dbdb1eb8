package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train.precision: fp16 on CPU: the same code as on a GPU, slowly. */
class MixedPrecisionTest {
    @TempDir
    Path dir;

    private JsonObject run(String name, String... sets) throws Exception {
        Path run = CliTest.runTiny(dir, name, sets);
        return JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
    }

    @Test
    void fp16EndsWithinToleranceOfFp32() throws Exception {
        JsonObject fp32 = run("fp32");
        JsonObject fp16 = run("fp16", "train.precision=fp16");
        double a = fp32.get("final_train_loss").getAsDouble();
        double b = fp16.get("final_train_loss").getAsDouble();
        assertTrue(Math.abs(a - b) < 0.02 * a, "fp32 " + a + " vs fp16 " + b);
        double va = fp32.getAsJsonObject("eval").get("val_loss").getAsDouble();
        double vb = fp16.getAsJsonObject("eval").get("val_loss").getAsDouble();
        assertTrue(Math.abs(va - vb) < 0.02 * va, "val fp32 " + va + " vs fp16 " + vb);
        assertEquals("fp16", fp16.get("precision").getAsString());
        assertEquals(0, fp16.get("overflow_steps").getAsLong());
    }

    @Test
    void overflowingStepsAreSkippedAndNeverTouchWeightsOrOptimizerState() throws Exception {
        // lr 1e-30 for one step: the initial weights as a checkpoint (biases move by ~1e-30 from 0)
        run("initial", "optimizer.lr=1e-30", "train.duration=1ba", "train.eval_every=0ba", "train.checkpoint_every=1ba");
        // a scale of 1e30 overflows fp16 in every backward, 1e30 -> 5e29 -> ... : three skipped steps
        JsonObject s = run("overflow", "train.precision=fp16", "train.loss_scale=1e30", "train.duration=3ba",
                "train.eval_every=0ba", "train.checkpoint_every=3ba");
        assertEquals(3, s.get("overflow_steps").getAsLong());
        assertEquals(1.25e29, s.get("loss_scale").getAsDouble(), 1e23);
        Map<String, float[]> initial = CheckpointTensors.read(dir.resolve("initial/checkpoints/step-000001/model.safetensors"));
        Map<String, float[]> after = CheckpointTensors.read(dir.resolve("overflow/checkpoints/step-000003/model.safetensors"));
        assertEquals(initial.keySet(), after.keySet());
        initial.forEach((name, values) -> assertArrayEquals(values, after.get(name), 1e-20f, name + " changed"));
        Map<String, float[]> optimizer = CheckpointTensors.read(dir.resolve("overflow/checkpoints/step-000003/optimizer.safetensors"));
        assertEquals(0f, optimizer.get("step")[0], "the optimizer counted a skipped step");
        optimizer.forEach((name, values) -> {
            for (float v : values) {
                assertEquals(0f, v, name + ": optimizer state touched by a skipped step");
            }
        });
    }

    @Test
    void eightBitOptimizersTrainInFp16() throws Exception {
        JsonObject fp32 = run("a8-fp32", "optimizer.name=adamw8bit");
        JsonObject fp16 = run("a8-fp16", "optimizer.name=adamw8bit", "train.precision=fp16");
        double a = fp32.get("final_train_loss").getAsDouble();
        double b = fp16.get("final_train_loss").getAsDouble();
        assertTrue(Math.abs(a - b) < 0.02 * a, "8-bit AdamW: fp32 " + a + " vs fp16 " + b);
    }

    @Test
    void aGpuWithoutCudaIsExitTwoSayingHowToGetTheGpuBuild() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0,
                "this machine has a GPU");
        Result r = CliTest.exec("run", writeTiny(), "--set", "device=gpu");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("EFFITRAIN_FLAVOR=gpu"), r.err());
    }

    @Test
    void bf16IsRefusedWithTheReason() {
        Result r = CliTest.exec("validate", "--set", "train.precision=bf16", writeTiny());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bf16 is not available"), r.err());
    }


    private String writeTiny() {
        try {
            Path recipe = dir.resolve("v.yaml");
            Files.writeString(recipe, CliTest.TINY.formatted(dir.resolve("v")));
            return recipe.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
