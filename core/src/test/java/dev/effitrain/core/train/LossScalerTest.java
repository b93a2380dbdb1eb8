package dev.effitrain.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The dynamic loss scale's state machine: PyTorch GradScaler's rules. */
class LossScalerTest {
    @Test
    void overflowHalvesAndCleanStepsDoubleAfterTheInterval() {
        LossScaler s = new LossScaler(1024, 3);
        s.update(true);
        assertEquals(512, s.scale());
        assertEquals(1, s.overflows());
        s.update(false);
        s.update(false);
        assertEquals(512, s.scale(), "two clean steps of an interval of 3: no growth yet");
        s.update(false);
        assertEquals(1024, s.scale());
        s.update(false);
        s.update(true);
        assertEquals(512, s.scale(), "an overflow restarts the interval");
        s.update(false);
        s.update(false);
        assertEquals(512, s.scale());
        s.update(false);
        assertEquals(1024, s.scale());
        assertEquals(2, s.overflows());
    }

    @Test
    void aRestoredScalerContinuesMidInterval() {
        LossScaler first = new LossScaler(256, 4);
        first.update(false);
        first.update(false);
        LossScaler resumed = new LossScaler(65536, 4);
        resumed.restore(first.state());
        assertEquals(256, resumed.scale());
        resumed.update(false);
        assertEquals(256, resumed.scale());
        resumed.update(false);
        assertEquals(512, resumed.scale(), "the 2 clean steps before the checkpoint count");
        first.update(false);
        first.update(false);
        assertEquals(first.state(), resumed.state());
    }
}
