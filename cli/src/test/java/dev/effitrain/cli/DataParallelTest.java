package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train.devices: N replicas on the CPU make the same updates as one device on the same global batch. */
class DataParallelTest {
    @TempDir
    Path dir;

    private Path run(String name, String... sets) throws Exception {
        return CliTest.runTiny(dir, name, sets).resolve("checkpoints/step-000010");
    }

    @Test
    void twoCpuReplicasGiveTheWeightsOfOneDevice() throws Exception {
        String[] common = {"train.duration=10ba", "train.batch_size=8", "train.checkpoint_every=10ba", "train.eval_every=0ba"};
        Path one = run("one", common);
        Path two = run("two", concat(common, "train.devices=2"));
        Path four = run("four", concat(common, "train.devices=4", "optimizer.name=adamw8bit"));
        Path fourRef = run("four-ref", concat(common, "optimizer.name=adamw8bit"));
        assertClose(CheckpointTensors.read(one.resolve("model.safetensors")), CheckpointTensors.read(two.resolve("model.safetensors")), 1e-4f);
        // 8-bit state: a rounding difference can move a moment across a quantization code boundary
        assertClose(CheckpointTensors.read(fourRef.resolve("model.safetensors")), CheckpointTensors.read(four.resolve("model.safetensors")), 2e-3f);
    }

    @Test
    void devicesMustDivideTheMicroBatch() throws Exception {
        Path recipe = dir.resolve("v.yaml");
        Files.writeString(recipe, CliTest.TINY.formatted(dir.resolve("v")));
        Result r = CliTest.exec("validate", recipe.toString(), "--set", "train.devices=3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("train.devices: 3 devices do not divide the 4 samples"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Every element within {@code tol} of its tensor's largest element, plus 1e-5: the summation
     * order differs, and the keys' bias (its gradient is zero up to rounding, since softmax ignores a
     * shift of all scores) moves by rounding noise that Adam scales up.
     */
    private static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual, float tol) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, e) -> {
            float[] a = actual.get(name);
            float scale = 1e-3f;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= tol * scale + 1e-5f, name + "[" + i + "]: " + e[i] + " vs " + a[i]);
            }
        });
    }

}
