package dev.effitrain.core.metrics;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process memory from /proc (Linux) and GPU memory from CUDA; -1 where it cannot be read. */
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

    /**
     * Memory in use on {@code device}'s GPU, bytes (cudaMemGetInfo: libtorch's caching allocator,
     * the CUDA context and any other process on that GPU); -1 for the CPU or when it cannot be read.
     */
    public static long gpuBytes(Device device) {
        if (!device.isGpu()) {
            return -1;
        }
        try {
            return CudaUtils.getGpuMemory(device).getUsed();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
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
