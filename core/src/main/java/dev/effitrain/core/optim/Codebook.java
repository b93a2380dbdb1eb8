package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A {@link QuantMap} as tensors on one device: decodes codes to values and encodes values in
 * {@code [-1, 1]} to the nearest code, with tensor ops only (no searchsorted in DJL, no Java loop
 * over elements).
 *
 * <p>Encoding is exact "count the rounding bounds below x" ({@link QuantMap#roundingBounds()}),
 * computed with a bucket table instead of an 8-step binary search: x is mapped by a monotone
 * transform {@code k(x) = trunc(sign(x)·sqrt|x|·R + R0)} to one of K buckets, chosen so that no
 * bucket holds more than one bound. Because k is monotone, every bound in a lower bucket is
 * below x and every bound in a higher bucket is above it, so the code is
 * {@code below[k] + (bound[k] < x)}: two gathers and a handful of elementwise ops instead of eight
 * gathers and ~40 ops (timing: bench/RESULTS.md, "Numbers from the code"). The table is built
 * by running the same tensor ops on the bounds, on the same device, so runtime and table agree
 * bit for bit whatever the device's float behaviour.
 */
final class Codebook implements AutoCloseable {

    private static final int MAX_BUCKETS = 1 << 20;

    private final QuantMap map;
    private final boolean signed;
    private final NDManager manager;
    private final NDArray values;
    private final int buckets;
    private final float scale;
    private final float offset;
    private final NDArray below;      // uint8[K]: number of bounds in lower buckets
    private final NDArray bucketBound; // f32[K]: the bound inside the bucket, +inf if none
    private final Tables tables;

    Codebook(QuantMap map, NDManager parent, Device device) {
        this.map = map;
        this.signed = map.signed();
        this.manager = parent.newSubManager(device);
        this.values = keep(manager.create(map.codes()));
        float[] bounds = map.roundingBounds();
        int k = 256;
        long[] bucketOfBound;
        try (NDScope scope = new NDScope()) {
            NDArray boundsArray = manager.create(bounds);
            while (true) {
                float[] affine = affine(k, signed);
                bucketOfBound = bucketIndex(boundsArray, k, affine[0], affine[1]).toLongArray();
                if (strictlyIncreasing(bucketOfBound)) {
                    break;
                }
                if (k >= MAX_BUCKETS) {
                    throw new IllegalArgumentException("cannot separate the rounding bounds of " + map
                            + " (repeated codes?)");
                }
                k *= 2;
            }
        }
        this.buckets = k;
        float[] affine = affine(k, signed);
        this.scale = affine[0];
        this.offset = affine[1];
        byte[] belowCounts = new byte[k];
        float[] bucketBounds = new float[k];
        java.util.Arrays.fill(bucketBounds, Float.POSITIVE_INFINITY);
        int j = 0;
        for (int bucket = 0; bucket < k; bucket++) {
            while (j < bucketOfBound.length && bucketOfBound[j] < bucket) {
                j++;
            }
            belowCounts[bucket] = (byte) j;
            if (j < bucketOfBound.length && bucketOfBound[j] == bucket) {
                bucketBounds[bucket] = bounds[j];
            }
        }
        this.below = keep(manager.create(ByteBuffer.wrap(belowCounts), new Shape(k), DataType.UINT8));
        this.bucketBound = keep(manager.create(bucketBounds));
        int[] belowInts = new int[k];
        for (int bucket = 0; bucket < k; bucket++) {
            belowInts[bucket] = belowCounts[bucket] & 0xff;
        }
        this.tables = new Tables(belowInts, bucketBounds, scale, offset, signed, map.codes());
    }

    /** The same lookup tables as Java arrays, for {@link NativeQuant}. */
    record Tables(int[] below, float[] bounds, float scale, float offset, boolean signed, float[] values) {
    }

    Tables tables() {
        return tables;
    }

    QuantMap map() {
        return map;
    }

    /** Code values (float32, the shape of {@code codes}) for uint8 codes. */
    NDArray decode(NDArray codes) {
        return values.take(codes.toType(DataType.INT64, false));
    }

    /** Nearest code (uint8, same shape) for values in [-1, 1] (in [0, 1] for an unsigned map). */
    NDArray encode(NDArray x) {
        NDArray bucket = bucketIndex(x, buckets, scale, offset);
        return below.take(bucket).add(bucketBound.take(bucket).lt(x));
    }

    private NDArray bucketIndex(NDArray x, int k, float scale, float offset) {
        NDArray t;
        if (signed) {
            t = x.abs().sqrt().muli(x.sign()).muli(scale).addi(offset);
        } else {
            t = x.sqrt().muli(scale);
        }
        // Clip after the cast, so NaN and infinities (cast to int min) land in the table too.
        // float->int32->int64 is about twice as fast as float->int64 on CPU.
        return t.toType(DataType.INT32, false).clip(0, k - 1).toType(DataType.INT64, false);
    }

    /** {scale, offset} mapping sqrt-space [-1, 1] (signed) or [0, 1] onto buckets 0..k-1. */
    private static float[] affine(int k, boolean signed) {
        return signed ? new float[] {k / 2f - 1f, k / 2f} : new float[] {k - 1f, 0f};
    }

    private static boolean strictlyIncreasing(long[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
