package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.NativeKernels.direct;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;

/**
 * Block-wise 8-bit encode and decode in one pass over tensor memory ({@code effitrain_quant.c} in
 * {@link NativeKernels}), bit-identical to {@link BlockQuantizer}'s tensor ops (a test checks it).
 * The tensor ops cost about twenty passes and three gathers per element, which made the 8-bit
 * AdamW step clearly slower than the 32-bit one (bench/RESULTS.md, optim-8bit).
 */
final class NativeQuant {

    private NativeQuant() {
    }

    /** "avx2" or "scalar" when the kernels are loaded, null when effitrain uses tensor ops. */
    static String kernel() {
        return NativeKernels.kernel();
    }

    /** Whether the kernels can work on these arrays in place (all on the CPU). */
    static boolean usable(NDArray... arrays) {
        return NativeKernels.usable(arrays);
    }

    /**
     * Quantizes the flat fp32 {@code x} into {@code codes} (uint8) and {@code absmax} (one per block,
     * the last block may be shorter). All three are flat, contiguous CPU arrays (1-D slices are).
     */
    static void encode(NDArray x, NDArray codes, NDArray absmax, int blockSize, Codebook codebook) {
        Codebook.Tables t = codebook.tables();
        encode0(direct(x), direct(codes), direct(absmax), x.size(), blockSize,
                t.below(), t.bounds(), t.scale(), t.offset(), t.signed());
    }

    /** Writes {@code table[codes] * absmax[block]} into the flat fp32 {@code out}. */
    static void decode(NDArray codes, NDArray absmax, float[] table, NDArray out, int blockSize) {
        decode0(direct(codes), direct(absmax), table, direct(out), codes.size(), blockSize);
    }

    private static native void encode0(ByteBuffer x, ByteBuffer codes, ByteBuffer absmax, long n, int blockSize,
                                      int[] below, float[] bounds, float scale, float offset, boolean signed);

    private static native void decode0(ByteBuffer codes, ByteBuffer absmax, float[] table, ByteBuffer out,
                                      long n, int blockSize);
}
