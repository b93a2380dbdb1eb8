package dev.effitrain.core.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of MKL's code paths this process's matrix products take: "intel" when the launcher
 * preloaded {@code libeffitrain_mkl_intel.so} (AMD CPUs, {@code EFFITRAIN_MKL_INTEL_PATH}), else
 * "default" (MKL's own choice). Recorded with every run, because it moves step times (bench/RESULTS.md,
 * "Foundation").
 */
public final class MklCodePath {
    static final String PRELOAD = "libeffitrain_mkl_intel.so";
    private static final String CURRENT = detect(Path.of("/proc/self/maps"));

    private MklCodePath() {
    }

    public static String current() {
        return CURRENT;
    }

    /** "intel" when {@code maps} (a /proc/PID/maps listing) shows the preload library mapped. */
    static String detect(Path maps) {
        try (var lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.endsWith("/" + PRELOAD)) ? "intel" : "default";
        } catch (IOException | RuntimeException e) {
            return "default";   // no /proc (not Linux): nothing was preloaded either
        }
    }
}
