package dev.effitrain.core.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The fp32 matmul throughput this machine actually reaches with the engine's thread setting: the
 * denominator of MFU. Measured once per JVM (best of a few 1024³ products, about 0.1 s on CPU).
 */
public final class MatmulCeiling {
    private static volatile double cached = -1;

    private MatmulCeiling() {
    }

    /** FLOP/s of the best of several n³ matmuls on {@code device}. */
    public static double flopsPerSecond(Device device) {
        if (cached > 0) {
            return cached;
        }
        int n = 1024;
        double best = Double.MAX_VALUE;
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion on asynchronous devices
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
        }
        cached = 2.0 * n * n * n / best;
        return cached;
    }
}
