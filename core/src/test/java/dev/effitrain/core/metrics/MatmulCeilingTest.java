package dev.effitrain.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MFU can never exceed 100%, whatever the start-up measurement said. */
class MatmulCeilingTest {
    @TempDir
    Path dir;

    @Test
    void aFakeSlowCeilingNeverGivesMfuAboveOne() {
        Path cache = dir.resolve("ceiling.json");
        MatmulCeiling slow = MatmulCeiling.measured("cpu()/threads=2/mkl=default", cache, 1e9);
        assertEquals(0.5, slow.mfu(0.5e9), 1e-12);
        assertEquals(1.0, slow.mfu(80e9), 1e-12, "a run faster than the ceiling raises it");
        assertEquals(80e9, slow.flopsPerSecond(), 1);
        assertEquals(0.5, slow.mfu(40e9), 1e-12);
        MatmulCeiling next = MatmulCeiling.measured("cpu()/threads=2/mkl=default", cache, 2e9);
        assertEquals(80e9, next.flopsPerSecond(), 1, "the raised ceiling is remembered for the next run");
        assertEquals(0, next.mfu(Double.NaN));
    }

    @Test
    void moreThreadsAreNeverBelowWhatFewerThreadsReached() {
        Path cache = dir.resolve("ceiling.json");
        MatmulCeiling.measured("cpu()/threads=1/mkl=intel", cache, 90e9);
        MatmulCeiling.measured("cpu()/threads=4/mkl=intel", cache, 300e9);
        MatmulCeiling.measured("cpu()/threads=1/mkl=default", cache, 120e9);
        MatmulCeiling busy = MatmulCeiling.measured("cpu()/threads=2/mkl=intel", cache, 50e9);
        assertEquals(90e9, busy.flopsPerSecond(), 1, "only fewer threads and the same code path count");
        assertTrue(busy.mfu(89e9) < 1);
    }

    @Test
    void anUnreadableCacheIsIgnored() throws Exception {
        Path cache = dir.resolve("ceiling.json");
        Files.writeString(cache, "{not json");
        assertEquals(7e9, MatmulCeiling.measured("cpu()/threads=1/mkl=default", cache, 7e9).flopsPerSecond(), 1);
    }

    @Test
    void datasheetPeaksByName() {
        assertEquals(67e12, GpuPeaks.fp32("NVIDIA H200"), 1);
        assertEquals(51e12, GpuPeaks.fp32("NVIDIA H100 PCIe"), 1);
        assertEquals(19.5e12, GpuPeaks.fp32("NVIDIA A100-SXM4-80GB"), 1);
        assertEquals(null, GpuPeaks.fp32("Some Future GPU"));
    }
}
