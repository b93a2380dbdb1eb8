package dev.effitrain.trainers.mim;

import java.util.BitSet;

/**
 * Encoder features by data-set index. The probed encoder is frozen and, without augmentation, an
 * image always gives the same feature, so each image goes through the encoder once per run.
 */
final class FeatureCache {
    /** Largest cache kept in memory (floats); bigger data sets are encoded every time. */
    static final long MAX_VALUES = 256L << 20;

    private final int dim;
    private final float[] values;
    private final BitSet filled;

    FeatureCache(int size, int dim) {
        this.dim = dim;
        this.values = new float[Math.multiplyExact(size, dim)];
        this.filled = new BitSet(size);
    }

    static boolean fits(long size, long dim) {
        return size * dim <= MAX_VALUES;
    }

    boolean hasAll(int[] indices) {
        for (int i : indices) {
            if (!filled.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** (indices.length × dim) row-major. */
    float[] get(int[] indices) {
        float[] out = new float[indices.length * dim];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(values, indices[k] * dim, out, k * dim, dim);
        }
        return out;
    }

    void put(int[] indices, float[] features) {
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(features, k * dim, values, indices[k] * dim, dim);
            filled.set(indices[k]);
        }
    }
}
