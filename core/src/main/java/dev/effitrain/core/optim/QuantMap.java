package dev.effitrain.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted 256-entry codebook for 8-bit optimizer state: code {@code i} stands for the value
 * {@code codes()[i]} (times the block's absmax). Pure Java; device tables are built by
 * {@link Codebook}.
 *
 * <p>{@link #dynamic(boolean)} reproduces bitsandbytes' {@code create_dynamic_map(signed, 7, 8)}
 * bit for bit, including torch's float32 {@code linspace}; {@link #linear(boolean)} is the
 * {@code torch.linspace(-1|0, 1, 256)} map used by the paper's ablation.
 */
public final class QuantMap {

    public static final int SIZE = 256;

    private final String kind;
    private final float[] codes;

    private QuantMap(String kind, float[] codes) {
        this.kind = kind;
        this.codes = codes;
    }

    /** bitsandbytes' dynamic (tree) map: signed for first moments, unsigned for Adam's second moment. */
    public static QuantMap dynamic(boolean signed) {
        final int maxExponentBits = 7;
        final int nonSignBits = 7;
        List<Float> data = new ArrayList<>();
        for (int i = 0; i < maxExponentBits; i++) {
            int fractionItems = signed
                    ? (1 << (i + nonSignBits - maxExponentBits)) + 1
                    : (1 << (i + nonSignBits - maxExponentBits + 1)) + 1;
            float[] boundaries = torchLinspace(0.1f, 1f, fractionItems);
            float scale = (float) Math.pow(10, -(maxExponentBits - 1) + i);
            for (int j = 0; j + 1 < boundaries.length; j++) {
                float mean = (boundaries[j] + boundaries[j + 1]) / 2f;
                data.add(scale * mean);
                if (signed) {
                    data.add(-scale * mean);
                }
            }
        }
        data.add(0f);
        data.add(1f);
        while (data.size() < SIZE) {
            data.add(0f); // bnb pads with zeros; with 8 bits there is nothing to pad
        }
        float[] codes = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            codes[i] = data.get(i);
        }
        Arrays.sort(codes);
        return new QuantMap(signed ? "dynamic" : "udynamic", codes);
    }

    /** Linear map {@code linspace(-1, 1, 256)} (signed) or {@code linspace(0, 1, 256)}. */
    public static QuantMap linear(boolean signed) {
        return new QuantMap(signed ? "linear" : "ulinear", torchLinspace(signed ? -1f : 0f, 1f, SIZE));
    }

    /** A map read back from a checkpoint: 256 ascending values. */
    public static QuantMap of(String kind, float[] codes) {
        if (codes.length != SIZE) {
            throw new IllegalArgumentException("a quantization map needs " + SIZE + " values, got " + codes.length);
        }
        for (int i = 1; i < SIZE; i++) {
            if (!(codes[i - 1] <= codes[i])) {
                throw new IllegalArgumentException("quantization map is not sorted at index " + i);
            }
        }
        return new QuantMap(kind, codes.clone());
    }

    public String kind() {
        return kind;
    }

    public float[] codes() {
        return codes.clone();
    }

    public float code(int index) {
        return codes[index];
    }

    /** True when the map has negative codes (first moments, 1-state optimizers). */
    public boolean signed() {
        return codes[0] < 0;
    }

    /**
     * The 255 rounding bounds: value {@code x} gets code {@code #{j : bounds[j] < x}}, i.e. the
     * nearest code (ties round down). For a signed map the bound just below the first non-negative
     * code is moved to {@code -Float.MIN_VALUE} (or 0 when the map has no zero), so a negative value
     * never becomes zero or positive: the first-moment sign correction of bitsandbytes' kernels,
     * at no extra cost per element.
     */
    public float[] roundingBounds() {
        float[] bounds = new float[SIZE - 1];
        for (int j = 0; j < bounds.length; j++) {
            bounds[j] = (codes[j] + codes[j + 1]) / 2f;
        }
        if (signed()) {
            int firstNonNegative = 0;
            while (codes[firstNonNegative] < 0) {
                firstNonNegative++;
            }
            bounds[firstNonNegative - 1] = codes[firstNonNegative] == 0f ? -Float.MIN_VALUE : 0f;
        }
        return bounds;
    }

    /**
     * torch.linspace on CPU for float32 (aten RangeFactoriesKernel): the first half counts up from
     * {@code start}, the second half down from {@code end}, in float arithmetic. libtorch's AVX2 and
     * AVX-512 kernels contract {@code start + step*i} into one fused multiply-add, so we do too
     * (bit-identical to libtorch 2.7.1; a test checks it).
     */
    static float[] torchLinspace(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (float) (steps - 1);
        int halfway = steps / 2;
        for (int idx = 0; idx < steps; idx++) {
            out[idx] = idx < halfway
                    ? Math.fma(step, (float) idx, start)
                    : Math.fma(-step, (float) (steps - idx - 1), end);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantMap other && Arrays.equals(codes, other.codes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return "QuantMap[" + kind + ", " + codes[0] + ".." + codes[SIZE - 1] + "]";
    }
}
