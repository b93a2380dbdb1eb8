package dev.effitrain.core.grow;

import java.util.Arrays;

/**
 * Which source unit each unit of a wider layer copies (Net2Net's g(j)). The first target unit
 * that copies a source unit is its "original"; the others are new copies. Read backwards, the same
 * map says which big units merge into each small one (coalescing).
 */
public final class WidthMap {
    private final int[] sourceOf;
    private final int sourceSize;
    private final int[] copies;

    private WidthMap(int[] sourceOf, int sourceSize) {
        this.sourceOf = sourceOf;
        this.sourceSize = sourceSize;
        this.copies = new int[sourceSize];
        for (int s : sourceOf) {
            if (s < 0 || s >= sourceSize) {
                throw new IllegalArgumentException("source unit " + s + " outside [0, " + sourceSize + ")");
            }
            copies[s]++;
        }
        for (int i = 0; i < sourceSize; i++) {
            if (copies[i] == 0) {
                throw new IllegalArgumentException("source unit " + i + " is copied nowhere: a width map must cover every unit");
            }
        }
    }

    /** {@code sourceOf[j]} is the source unit that target unit j copies. */
    public static WidthMap of(int[] sourceOf, int sourceSize) {
        return new WidthMap(sourceOf.clone(), sourceSize);
    }

    public static WidthMap identity(int n) {
        return cyclic(n, n);
    }

    /** j → j mod s: old units keep their place, new ones repeat them in order (uniform when s divides t). */
    public static WidthMap cyclic(int sourceSize, int targetSize) {
        if (targetSize < sourceSize) {
            throw new IllegalArgumentException("a width map cannot shrink " + sourceSize + " to " + targetSize);
        }
        int[] g = new int[targetSize];
        for (int j = 0; j < targetSize; j++) {
            g[j] = j % sourceSize;
        }
        return new WidthMap(g, sourceSize);
    }

    public int sourceSize() {
        return sourceSize;
    }

    public int targetSize() {
        return sourceOf.length;
    }

    public int sourceOf(int j) {
        return sourceOf[j];
    }

    /** How many target units copy source unit i. */
    public int copies(int i) {
        return copies[i];
    }

    public boolean isIdentity() {
        return sourceOf.length == sourceSize;
    }

    /** Every source unit is copied the same number of times (what exact function preservation under LayerNorm needs). */
    public boolean isUniform() {
        return Arrays.stream(copies).allMatch(c -> c == copies[0]);
    }

    /** True for the first target unit copying its source unit; false for the extra copies. */
    public boolean isOriginal(int j) {
        for (int k = 0; k < j; k++) {
            if (sourceOf[k] == sourceOf[j]) {
                return false;
            }
        }
        return true;
    }

    /** The unit-level map of a head-level map: unit h·d + r copies unit g(h)·d + r. */
    public WidthMap perHead(int headDim) {
        int[] g = new int[sourceOf.length * headDim];
        for (int h = 0; h < sourceOf.length; h++) {
            for (int r = 0; r < headDim; r++) {
                g[h * headDim + r] = sourceOf[h] * headDim + r;
            }
        }
        return new WidthMap(g, sourceSize * headDim);
    }

    /** {@code parts} copies of this map side by side (the q, k and v thirds of the fused qkv projection). */
    public WidthMap stacked(int parts) {
        int t = sourceOf.length;
        int[] g = new int[parts * t];
        for (int p = 0; p < parts; p++) {
            for (int j = 0; j < t; j++) {
                g[p * t + j] = p * sourceSize + sourceOf[j];
            }
        }
        return new WidthMap(g, parts * sourceSize);
    }

    long[] indices() {
        return Arrays.stream(sourceOf).asLongStream().toArray();
    }

    /** Per target unit: 1 / (copies of its source unit), the fan-in division of function-preserving growth. */
    float[] inverseCopies() {
        float[] out = new float[sourceOf.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = 1f / copies[sourceOf[j]];
        }
        return out;
    }

    /**
     * For merging: {@code groups[r][i]} is the r-th target unit copying source unit i.
     *
     * @throws IllegalArgumentException unless every source unit has the same number of copies
     */
    long[][] groups() {
        if (!isUniform()) {
            throw new IllegalArgumentException("merging needs every unit copied equally often");
        }
        int k = copies[0];
        long[][] groups = new long[k][sourceSize];
        int[] seen = new int[sourceSize];
        for (int j = 0; j < sourceOf.length; j++) {
            int i = sourceOf[j];
            groups[seen[i]++][i] = j;
        }
        return groups;
    }

    @Override
    public String toString() {
        return sourceSize + "→" + sourceOf.length;
    }
}
