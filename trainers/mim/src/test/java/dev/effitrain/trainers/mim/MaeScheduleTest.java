package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.ScheduleConfig;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §3.7: LR at iteration 0 is 0, at warmup end base_lr·B/256, at the end min_lr. */
class MaeScheduleTest {

    @Test
    void warmupFromZeroToPeakThenHalfCosineToMinLr() {
        MaeLrSchedule s = new MaeLrSchedule(1e-3, 1e-5, 40, 800);
        assertEquals(0.0, s.lr(0), 0);
        assertEquals(0.5e-3, s.lr(20), 1e-15);
        assertEquals(1e-3, s.lr(40), 1e-15);
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5, s.lr(420), 1e-15, "halfway through the cosine");
        assertEquals(1e-5, s.lr(800), 1e-15);
        assertEquals(1e-5, s.lr(900), 1e-15, "past the end it stays at min_lr");
    }

    @Test
    void peakIsBaseLrTimesBatchOver256() {
        MaeConfig mae = new MaeConfig(MaeConfig.Mode.PRETRAIN, 0.75, true, 128, 2, 4, 1.5e-4, 0, java.util.List.of());
        assertEquals(1.5e-4 * 4096 / 256, mae.learningRate(3e-4, 4096), 1e-15);
        assertEquals(1.5e-4 * 64 / 256, mae.learningRate(3e-4, 64), 1e-15);
        MaeConfig noBase = new MaeConfig(MaeConfig.Mode.PRETRAIN, 0.75, true, 128, 2, 4, null, 0, java.util.List.of());
        assertEquals(3e-4, noBase.learningRate(3e-4, 64), 0);
    }

    @Test
    void warmupInEpochsResolvesLikeMaesIterationCount() {
        // 40 warmup epochs of 10 iterations, 800 epochs in all (MAE's recipe, scaled down)
        Duration.StepContext ctx = new Duration.StepContext(10, 256, 256, 8000);
        MaeLrSchedule s = MaeScheduleHook.schedule(new ScheduleConfig("cosine", Duration.parse("40ep"), 0.0, null),
                1.5e-4, 8000, ctx);
        assertEquals(400, s.warmupSteps());
        assertEquals(0.0, s.lr(0), 0);
        assertEquals(1.5e-4, s.lr(400), 1e-18);
        assertEquals(0.0, s.lr(8000), 1e-18);
    }
}
