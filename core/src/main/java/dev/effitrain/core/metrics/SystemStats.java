package dev.effitrain.core.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process memory from /proc (Linux); -1 where it cannot be read. */
public final class SystemStats {
    private SystemStats() {
    }

    /** Resident set size now, bytes. */
    public static long rssBytes() {
        return procStatusKb("VmRSS:") * 1024;
    }

    /** Peak resident set size of the process so far, bytes. */
    public static long peakRssBytes() {
        return procStatusKb("VmHWM:") * 1024;
    }

    private static long procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
        return -1;
    }
}
