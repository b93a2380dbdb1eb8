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
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The denominator of MFU: the FLOP/s this device can reach.
 *
 * <p>On a GPU whose name is in {@link GpuPeaks} it is the datasheet's dense peak. On a CPU (and an
 * unknown GPU) it is the fastest fp32 matrix product seen on this machine: measured at start, kept
 * in {@code ~/.cache/effitrain/matmul-ceiling.json} per device, thread count and MKL code path,
 * never below what fewer threads reached, and raised to any throughput a run achieves. A CPU's peak
 * cannot be computed reliably from inside a VM (the clock /proc/cpuinfo shows is not the one the
 * cores run at, and the number of FMA units is not shown), and a single measurement on a busy
 * machine comes out low; with these rules MFU can never exceed 100%.
 */
public final class MatmulCeiling {
    private static final Pattern THREADS = Pattern.compile("/threads=(\\d+)/");

    private final String key;
    private final Path cache;
    private final String source;
    private volatile double flopsPerSecond;

    MatmulCeiling(String key, Path cache, double flopsPerSecond, String source) {
        this.key = key;
        this.cache = cache;
        this.flopsPerSecond = flopsPerSecond;
        this.source = source;
    }

    /** The ceiling for {@code device} with the engine's thread setting. */
    public static MatmulCeiling forDevice(Device device) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "effitrain", "matmul-ceiling.json");
        if (device.isGpu()) {
            String name = GpuPeaks.name(device.getDeviceId());
            Double peak = GpuPeaks.fp32(name);
            if (peak != null) {
                return new MatmulCeiling(null, cache, peak, "datasheet fp32 peak of " + name);
            }
        }
        return measured(key(device, threads()), cache, measure(device));
    }

    /** A ceiling from a measurement, combined with what the cache has seen (package-private for tests). */
    static MatmulCeiling measured(String key, Path cache, double measured) {
        MatmulCeiling c = new MatmulCeiling(key, cache, measured, "fastest fp32 matrix product seen on this machine");
        c.flopsPerSecond = Math.max(measured, c.bestCachedAtOrBelow());
        c.remember(c.flopsPerSecond);
        return c;
    }

    public double flopsPerSecond() {
        return flopsPerSecond;
    }

    /** What the ceiling is, in words, for {@code env} and the start event. */
    public String source() {
        return source;
    }

    /**
     * Model FLOP/s as a fraction of the ceiling, at most 1: a run faster than the ceiling proves the
     * ceiling was measured low, so the ceiling rises to it (and the cache remembers it).
     */
    public double mfu(double achievedFlopsPerSecond) {
        if (!(achievedFlopsPerSecond > 0)) {
            return 0;
        }
        if (achievedFlopsPerSecond > flopsPerSecond) {
            flopsPerSecond = achievedFlopsPerSecond;
            remember(achievedFlopsPerSecond);
        }
        return achievedFlopsPerSecond / flopsPerSecond;
    }

    static String key(Device device, int threads) {
        return device + "/threads=" + threads + "/mkl=" + MklCodePath.current();
    }

    /** libtorch's intra-op threads: the -Dai.djl.pytorch.num_threads setting, else the cores. */
    static int threads() {
        String t = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            return t == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static double measure(Device device) {
        double best = 0;
        try (NDManager m = NDManager.newBaseManager(device)) {
            for (int n : new int[] {1024, 2048}) {
                NDArray a = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
                NDArray b = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
                for (int i = 0; i < (n == 1024 ? 8 : 3); i++) {
                    long t0 = System.nanoTime();
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // forces completion on asynchronous devices
                    }
                    best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        return best;
    }

    /** The best cached value for this key, or for the same device and code path with fewer threads. */
    private double bestCachedAtOrBelow() {
        Matcher mine = THREADS.matcher(key);
        if (!mine.find()) {
            return 0;
        }
        int threads = Integer.parseInt(mine.group(1));
        double best = 0;
        for (Map.Entry<String, com.google.gson.JsonElement> e : read().entrySet()) {
            Matcher m = THREADS.matcher(e.getKey());
            if (m.find() && Integer.parseInt(m.group(1)) <= threads
                    && e.getKey().replace(m.group(), "/threads=" + threads + "/").equals(key)) {
                best = Math.max(best, e.getValue().getAsDouble());
            }
        }
        return best;
    }

    private JsonObject read() {
        try {
            if (Files.exists(cache)) {
                return JsonParser.parseString(Files.readString(cache)).getAsJsonObject();
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable cache is an empty one
        }
        return new JsonObject();
    }

    /** Stores max(cached, value) under this ceiling's key. */
    private synchronized void remember(double value) {
        if (key == null) {
            return;
        }
        JsonObject all = read();
        if (all.has(key) && all.get(key).getAsDouble() >= value) {
            return;
        }
        all.addProperty(key, value);
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid());
            Files.writeString(tmp, all.toString());
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // a cache only: without it MFU uses this run's own measurement
        }
    }
}
