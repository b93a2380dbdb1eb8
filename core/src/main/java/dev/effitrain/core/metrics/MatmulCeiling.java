package dev.effitrain.core.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fp32 matmul throughput this machine reaches with the engine's thread setting: the
 * denominator of MFU. Measured at start (best of several 1024³ products, about 0.1 s on CPU) and
 * remembered per device and thread count in {@code ~/.cache/effitrain/matmul-ceiling.json}, keeping
 * the best value seen: on a shared machine one measurement can be slowed by other processes, which
 * would inflate MFU above 100%.
 */
public final class MatmulCeiling {
    private static volatile double cached = -1;

    private MatmulCeiling() {
    }

    /** FLOP/s ceiling for {@code device}. */
    public static double flopsPerSecond(Device device) {
        if (cached > 0) {
            return cached;
        }
        double measured = measure(device);
        String key = device + "/threads=" + System.getProperty("ai.djl.pytorch.num_threads", "default")
                + "/mkl=" + MklCodePath.current();
        cached = Math.max(measured, remember(key, measured));
        return cached;
    }

    static double measure(Device device) {
        int n = 1024;
        double best = Double.MAX_VALUE;
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion on asynchronous devices
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
        }
        return 2.0 * n * n * n / best;
    }

    /** Stores max(previous, measured) under key; returns the previous best (0 if none or unreadable). */
    private static synchronized double remember(String key, double measured) {
        Path file = Path.of(System.getProperty("user.home"), ".cache", "effitrain", "matmul-ceiling.json");
        JsonObject all = new JsonObject();
        try {
            if (Files.exists(file)) {
                all = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            }
        } catch (IOException | RuntimeException e) {
            all = new JsonObject();
        }
        double previous = all.has(key) ? all.get(key).getAsDouble() : 0;
        if (measured > previous) {
            all.addProperty(key, measured);
            try {
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
                Files.writeString(tmp, all.toString());
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException ignored) {
                // a cache only: without it MFU uses this run's own measurement
            }
        }
        return previous;
    }
}
