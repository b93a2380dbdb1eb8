package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DailyMAE-style stages over resolution and mask ratio: switching, FLOPs, pictures, resume. */
class MaeProgressiveTest {
    private static final String STAGES = "recon_images: 4, stages: [{ until: 0.25dur, image_size: 8, mask_ratio: 0.5 }, "
            + "{ until: 0.5dur, image_size: 12 }, { until: 1.0dur }] }";

    @TempDir
    Path dir;

    private Recipe recipe(String name, String... sets) throws Exception {
        String text = MaeRuns.TINY.replace("train: { duration: 60ba", "train: { duration: 24ba")
                .replace("eval_every: 30ba", "eval_every: 4ba").replace("checkpoint_every: 30ba", "checkpoint_every: 0ba")
                .replace("recon_images: 4 }", STAGES);
        return new MaeRuns(dir).recipe(name, text, sets);
    }

    @Test
    void stagesSwitchResolutionAndMaskRatioAtTheirStepsAndAreRecorded() throws Exception {
        Path run = MaeRuns.run(recipe("prog"));
        List<JsonObject> stages = MaeRuns.events(run, "stage");
        assertEquals(3, stages.size());
        int[][] expected = {{0, 8, 4, 2}, {6, 12, 9, 2}, {12, 16, 16, 4}};   // step, image size, patches, visible
        for (int i = 0; i < 3; i++) {
            JsonObject s = stages.get(i);
            assertEquals(expected[i][0], s.get("step").getAsLong(), "stage " + i);
            assertEquals(i, s.get("stage").getAsInt());
            assertEquals(expected[i][1], s.get("image_size").getAsInt());
            assertEquals(expected[i][2], s.get("patches").getAsInt());
            assertEquals(expected[i][3], s.get("visible_patches").getAsInt());
        }
        assertEquals(0.5, stages.get(0).get("mask_ratio").getAsDouble());
        assertEquals(0.75, stages.get(1).get("mask_ratio").getAsDouble(), "a stage without mask_ratio keeps mae.mask_ratio");
        // FLOPs per step grow with the stage: compare the train lines' cumulative FLOPs increments
        List<JsonObject> train = MaeRuns.events(run, "train");
        double early = flopsAt(train, 2) - flopsAt(train, 1);
        double late = flopsAt(train, 24) - flopsAt(train, 23);
        assertTrue(late > 2 * early, early + " vs " + late);
        // pictures follow the resolution: 8px (scaled x11 to 88) in stage 0, 16px (x6 = 96) at the end
        BufferedImage first = ImageIO.read(ReconstructionPictures.path(run, 4).toFile());
        BufferedImage last = ImageIO.read(ReconstructionPictures.path(run, 24).toFile());
        assertEquals(3 * 88 + 8, first.getWidth());
        assertEquals(3 * 96 + 8, last.getWidth());
    }

    @Test
    void aResumedRunContinuesInTheRightStageWithTheSameLosses() throws Exception {
        Path full = MaeRuns.run(recipe("full", "train.eval_every=0ba"));
        Recipe parted = recipe("parted", "train.eval_every=0ba");
        Files.createDirectories(Path.of(parted.output()));
        AtomicBoolean[] stop = new AtomicBoolean[1];
        RunContext ctx = new RunContext(Path.of(parted.output()), "never", false, new TrainListener() {
            @Override
            public void onStep(long step, long total, double loss, double lr) {
                if (step == 9) {
                    stop[0].set(true);   // as SIGTERM would, in the middle of stage 1
                }
            }
        });
        stop[0] = ctx.stopRequested();
        EffitrainException e = assertThrows(EffitrainException.class, () -> MaeRuns.run(parted, ctx));
        assertEquals(ExitCode.INTERRUPTED, e.exitCode());
        MaeRuns.run(parted, new RunContext(Path.of(parted.output()), "auto", false, TrainListener.NONE));

        List<JsonObject> a = MaeRuns.events(full, "train");
        List<JsonObject> b = MaeRuns.events(Path.of(parted.output()), "train");
        assertEquals(24, b.size(), "every step logged once");
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i).get("loss").getAsDouble();
            double y = b.get(i).get("loss").getAsDouble();
            assertEquals(x, y, 1e-5 * Math.abs(x), "step " + (i + 1));
        }
    }

    private static double flopsAt(List<JsonObject> train, long step) {
        return train.stream().filter(o -> o.get("step").getAsLong() == step).findFirst().orElseThrow().get("flops").getAsDouble();
    }
}
