package dev.effitrain.core.optim;

/**
 * How an optimizer stores its state: fp32, or 8-bit codes of a signed map (states that can be
 * negative) and an unsigned map, with one absmax per block of {@code blockSize} elements
 * ({@code blockSize == 0}: one absmax for the whole tensor, the paper's non-block-wise ablation).
 */
record StateFormat(QuantMap signedMap, QuantMap unsignedMap, int blockSize) {

    public static final int DEFAULT_BLOCK_SIZE = 256;

    static StateFormat fp32() {
        return new StateFormat(null, null, 0);
    }

    /** bitsandbytes' 8-bit optimizers: dynamic maps, block-wise absmax. */
    static StateFormat blockwiseDynamic(int blockSize) {
        return new StateFormat(QuantMap.dynamic(true), QuantMap.dynamic(false), blockSize);
    }

    /** Ablation: dynamic maps, one absmax per tensor. */
    static StateFormat tensorwiseDynamic() {
        return new StateFormat(QuantMap.dynamic(true), QuantMap.dynamic(false), 0);
    }

    /** Ablation: linear maps, one absmax per tensor (the paper's "8-bit linear" baseline). */
    static StateFormat tensorwiseLinear() {
        return new StateFormat(QuantMap.linear(true), QuantMap.linear(false), 0);
    }

    boolean quantized() {
        return signedMap != null;
    }

    /** Block size for a tensor of {@code n} elements. */
    long blockSizeFor(long n) {
        return blockSize == 0 ? Math.max(1, n) : blockSize;
    }
}
