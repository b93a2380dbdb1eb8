package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.model.VitSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on synthetic images: pretraining learns, writes pictures and a ViT-shaped checkpoint; a probe reads it. */
class MaePretrainingTest {
    @TempDir
    Path dir;

    @Test
    void pretrainingLowersTheLossWritesPicturesAndItsCheckpointFeedsALinearProbe() throws Exception {
        MaeRuns runs = new MaeRuns(dir);
        Path pre = MaeRuns.run(runs.recipe("pre", MaeRuns.TINY));

        List<JsonObject> train = MaeRuns.events(pre, "train");
        assertEquals(60, train.size());
        assertEquals(0.0, train.get(0).get("lr").getAsDouble(), 0, "MAE's warmup starts from 0");
        assertEquals(2.0e-3 * 32 / 256, train.get(6).get("lr").getAsDouble(), 1e-12, "base_lr * batch / 256 at warmup end");
        double first = mean(train.subList(1, 6));
        double last = mean(train.subList(55, 60));
        assertTrue(last < 0.8 * first, "reconstruction loss must fall: " + first + " -> " + last);
        List<JsonObject> evals = MaeRuns.events(pre, "eval");
        assertEquals(2, evals.size());
        assertTrue(evals.get(1).get("val_loss").getAsDouble() < evals.get(0).get("val_loss").getAsDouble() + 0.05);

        for (int step : new int[] {30, 60}) {
            Path png = ReconstructionPictures.path(pre, step);
            assertTrue(Files.isRegularFile(png), png.toString());
            BufferedImage img = ImageIO.read(png.toFile());
            int panel = 16 * 6;   // 16px enlarged to at least 84px
            assertEquals(3 * panel + 4 * 2, img.getWidth());
            assertEquals(4 * (panel + 2) + 2, img.getHeight(), "one row per fixed validation image");
        }

        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Checkpoint c = CheckpointReader.load(pre, m)) {
            assertTrue(c.model().containsKey("patch_embed.proj.weight") && c.model().containsKey("blocks.1.attn.qkv.weight")
                    && c.model().containsKey("decoder_pred.weight") && c.model().containsKey("mask_token"));
            assertFalse(c.model().keySet().stream().anyMatch(k -> k.startsWith("head.")), "no classification head in MAE");
        }

        Recipe probe = runs.recipe("probe", MaeRuns.TINY, "mae.mode=linprobe", "init_from=" + pre,
                "train.duration=40ba", "train.eval_every=40ba", "train.eval_batches=0", "optimizer.weight_decay=0",
                "mae.base_lr=0.5");
        Path p = MaeRuns.run(probe);
        JsonObject summary = MaeRuns.summary(p);
        // the feature statistics already encoded all 1080 training images: every step reuses cached features
        assertEquals(40 * 32 * MaeFlops.probeHead(new VitSpec(16, 4, 1, 8, 2, 32, 2, 128, 0, true, false), 8),
                summary.get("flops").getAsDouble(), 1e-6, "FLOPs of the classifier alone");
        JsonObject eval = summary.getAsJsonObject("eval");
        double acc = eval.get("val_acc").getAsDouble();
        double loss = eval.get("val_loss").getAsDouble();
        // synthetic shapes are hard for a linear probe on a 60-step encoder: ask only for better than chance
        assertTrue(loss < Math.log(8), "below the uniform prediction's cross-entropy ln 8: " + loss);
        assertTrue(acc > 1.0 / 8, "8 classes: " + acc);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); Checkpoint c = CheckpointReader.load(p, m)) {
            assertEquals(List.of("head.bias", "head.weight"), c.model().keySet().stream().sorted().toList(),
                    "only the classifier is trained");
            assertEquals(pre.resolve("checkpoints/step-000060").toString(),
                    c.state().getAsJsonObject("provenance").get("init_from").getAsString());
        }

        Recipe wrong = runs.recipe("wrong", MaeRuns.TINY, "mae.mode=linprobe", "init_from=" + pre, "model.d_model=48");
        EffitrainException e = assertThrows(EffitrainException.class, () -> MaeRuns.run(wrong));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("patch_embed.proj.weight"),
                e.getMessage());
    }

    private static double mean(List<JsonObject> lines) {
        return lines.stream().mapToDouble(o -> o.get("loss").getAsDouble()).average().orElseThrow();
    }
}
