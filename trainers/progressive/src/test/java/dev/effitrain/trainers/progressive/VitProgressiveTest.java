package dev.effitrain.trainers.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Recipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ViT classifier grown mid-run on synthetic images: stage events, evaluation, exact resume across the growth. */
class VitProgressiveTest {
    static final String HEAD = """
            trainer: progressive
            seed: 5
            device: cpu
            model: { arch: vit, layers: 2, d_model: 32, heads: 2, image_size: 16, patch_size: 4 }
            data: { source: synthetic-image, synthetic_size: 400, val_fraction: 0.1 }
            optimizer: { name: adamw, lr: 1e-3 }
            schedule: { name: cosine, warmup: 2ba, min_lr: 1e-4 }
            train: { duration: 12ba, batch_size: 16, log_every: 1ba, eval_every: 12ba, eval_batches: 2, checkpoint_every: 0ba, keep_last: 0 }
            """;
    static final String STAGES = """
            progressive:
              stages:
                - { until: 6ba, model: { layers: 1, d_model: 16, heads: 1 } }
                - { grow: { depth: stack, width: fpi }, optimizer_state: map }
            """;

    @TempDir
    Path dir;

    @Test
    void vitGrowsMidRunAndResumesExactly() throws Exception {
        Runs runs = new Runs(dir);
        Recipe full = runs.withHead("vit", HEAD, STAGES);
        Runs.run(full, "never");
        List<JsonObject> stages = Runs.events(full, "stage");
        assertEquals(1, stages.size());
        assertEquals(6, stages.get(0).get("step").getAsLong());
        assertTrue(stages.get(0).get("function_preserving").getAsBoolean() == false, "1 → 2 layers by stacking");
        JsonObject eval = Runs.events(full, "eval").get(0);
        assertTrue(eval.has("val_acc"), eval.toString());
        assertEquals(32, Runs.trainLines(full).get(12L).get("d_model").getAsInt());

        Recipe parted = runs.withHead("vit-parted", HEAD, STAGES);
        assertEquals(ExitCode.INTERRUPTED, Runs.runStoppingAt(parted, 8, "never").exitCode());
        Runs.run(parted, "auto");
        Map<Long, Double> a = Runs.losses(full);
        Map<Long, Double> b = Runs.losses(parted);
        assertEquals(a.keySet(), b.keySet());
        for (long step : a.keySet()) {
            assertEquals(a.get(step), b.get(step), 1e-5 * a.get(step), "step " + step);
        }
    }
}
