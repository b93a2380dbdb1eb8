package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.ScheduleConfig;
import org.junit.jupiter.api.Test;

class LrSchedulesTest {

    private static final double PEAK = 1e-3;
    private static final double MIN = 1e-4;
    private static final long TOTAL = 110;
    private static final Duration.StepContext CTX = new Duration.StepContext(10, 32, 32 * 128, TOTAL);

    private static LrSchedule schedule(String name, Duration warmup, Duration decay) {
        return LrSchedules.create(new ScheduleConfig(name, warmup, MIN, decay), PEAK, TOTAL, CTX);
    }

    @Test
    void constantWithAndWithoutWarmup() {
        LrSchedule plain = schedule("constant", null, null);
        assertEquals(PEAK, plain.lr(0), 0);
        assertEquals(PEAK, plain.lr(TOTAL - 1), 0);
        LrSchedule warm = schedule("constant", Duration.steps(10), null);
        assertEquals(PEAK / 10, warm.lr(0), 1e-15);
        assertEquals(PEAK, warm.lr(9), 1e-15);
        assertEquals(PEAK, warm.lr(TOTAL - 1), 0);
        assertEquals(PEAK, LrSchedules.create(null, PEAK, TOTAL, CTX).lr(5), 0);
    }

    @Test
    void linearWarmupThenLinearDecay() {
        LrSchedule s = schedule("linear", Duration.steps(10), null);
        assertEquals(PEAK / 10, s.lr(0), 1e-15);
        assertEquals(PEAK, s.lr(9), 1e-15);       // end of warmup
        assertEquals(PEAK, s.lr(10), 1e-15);      // decay starts at the peak
        assertEquals(PEAK + (MIN - PEAK) * 49.0 / 99, s.lr(59), 1e-15); // midway: decay steps 10..109, progress (s-10)/99
        assertEquals(MIN, s.lr(TOTAL - 1), 1e-15); // last step
        assertEquals(MIN, s.lr(TOTAL + 5), 1e-15);
    }

    @Test
    void cosineWarmupThenCosineDecay() {
        LrSchedule s = schedule("cosine", new Duration(1, dev.effitrain.core.config.DurationUnit.EP), null); // 1 epoch = 10 steps
        assertEquals(PEAK / 10, s.lr(0), 1e-15);
        assertEquals(PEAK, s.lr(9), 1e-15);
        // decay steps 10..109: progress (s-10)/99; the midpoint 0.5 falls between steps 59 and 60
        double mid = MIN + (PEAK - MIN) * 0.5 * (1 + Math.cos(Math.PI * 49.0 / 99));
        assertEquals(mid, s.lr(59), 1e-15);
        assertTrue(s.lr(59) > (PEAK + MIN) / 2 && s.lr(60) < (PEAK + MIN) / 2);
        assertEquals(MIN, s.lr(TOTAL - 1), 1e-15);
    }

    @Test
    void wsdWarmsUpStaysThenDecaysAtTheEnd() {
        LrSchedule s = schedule("wsd", Duration.steps(10), new Duration(0.1, dev.effitrain.core.config.DurationUnit.DUR)); // 11 decay steps
        assertEquals(PEAK / 10, s.lr(0), 1e-15);
        assertEquals(PEAK, s.lr(9), 1e-15);
        assertEquals(PEAK, s.lr(55), 0);           // stable midway
        assertEquals(PEAK, s.lr(99), 0);           // first decay step (110 - 11 = 99)
        assertEquals((PEAK + MIN) / 2, s.lr(104), 1e-15); // halfway through the decay
        assertEquals(MIN, s.lr(TOTAL - 1), 1e-15);
        LrSchedule byDefault = schedule("wsd", null, null); // 20% = 22 decay steps from 88
        assertEquals(PEAK, byDefault.lr(88), 0);
        assertTrue(byDefault.lr(89) < PEAK);
        assertEquals(MIN, byDefault.lr(TOTAL - 1), 1e-15);
    }

    @Test
    void badScheduleIsAUsageError() {
        EffitrainException e = assertThrows(EffitrainException.class, () -> schedule("triangle", null, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("schedule.name") && e.getMessage().contains("wsd"), e.getMessage());
        EffitrainException high = assertThrows(EffitrainException.class,
                () -> LrSchedules.create(new ScheduleConfig("cosine", null, 1, null), PEAK, TOTAL, CTX));
        assertTrue(high.getMessage().startsWith("schedule.min_lr"), high.getMessage());
    }
}
