package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Block-wise absmax quantization (bitsandbytes {@code quantize_blockwise} semantics): a flat fp32
 * tensor is cut into blocks of {@code blockSize} elements (the last one may be shorter), each block
 * is divided by its own absolute maximum and every element is rounded to the nearest code of the
 * {@link Codebook}. Dequantization is {@code code[q] * absmax[block]}.
 *
 * <p>Works on block-aligned slices so a caller can process a large tensor a chunk at a time.
 */
final class BlockQuantizer {

    /** Floor on the divisor, as bitsandbytes: an all-zero block encodes to the zero code. */
    private static final float MIN_ABSMAX = 1e-38f;

    private final Codebook codebook;
    private final int blockSize;

    BlockQuantizer(Codebook codebook, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        this.codebook = codebook;
        this.blockSize = blockSize;
    }

    static long blockCount(long n, int blockSize) {
        return (n + blockSize - 1) / blockSize;
    }

    /**
     * Quantizes the flat fp32 {@code x} (length L, block-aligned) into {@code codesOut} (uint8,
     * length L) and {@code absmaxOut} (fp32, ceil(L / blockSize)), both written in place.
     * {@code x} may be overwritten (the tensor ops leave its scaled values there).
     */
    void quantizeInto(NDArray x, NDArray codesOut, NDArray absmaxOut) {
        if (NativeQuant.usable(x, codesOut, absmaxOut)) {
            NativeQuant.encode(x, codesOut, absmaxOut, blockSize, codebook);
        } else {
            quantizeIntoWithTensorOps(x, codesOut, absmaxOut);
        }
    }

    /** {@link #quantizeInto} as libtorch tensor ops, on any device. */
    void quantizeIntoWithTensorOps(NDArray x, NDArray codesOut, NDArray absmaxOut) {
        long length = x.size();
        long full = length / blockSize;
        long tail = length - full * blockSize;
        NDArray absmax;
        if (tail == 0) {
            absmax = scaleBlocks(x, full);
        } else if (full == 0) {
            absmax = scaleBlocks(x, 1);
        } else {
            NDArray head = scaleBlocks(x.get(new NDIndex("0:{}", full * blockSize)), full);
            NDArray last = scaleBlocks(x.get(new NDIndex("{}:", full * blockSize)), 1);
            absmax = NDArrays.concat(new NDList(head, last));
        }
        codesOut.set(new NDIndex(":"), codebook.encode(x));
        absmaxOut.set(new NDIndex(":"), absmax);
    }

    /** Divides each of {@code blocks} rows of {@code x} by its absmax in place; returns the absmax. */
    private NDArray scaleBlocks(NDArray x, long blocks) {
        NDArray rows = x.reshape(blocks, -1);
        NDArray absmax = rows.abs().max(new int[] {1}, true);
        rows.divi(absmax.maximum(MIN_ABSMAX));
        return absmax.reshape(blocks);
    }

    /** fp32 values (length L) of block-aligned {@code codes} (uint8, L) with their {@code absmax}. */
    NDArray dequantize(NDArray codes, NDArray absmax) {
        if (NativeQuant.usable(codes, absmax)) {
            NDArray values = codes.getManager().create(new Shape(codes.size()), DataType.FLOAT32);
            NativeQuant.decode(codes, absmax, codebook.tables().values(), values, blockSize);
            return values;
        }
        return dequantizeWithTensorOps(codes, absmax);
    }

    /** {@link #dequantize(NDArray, NDArray)} as libtorch tensor ops, on any device. */
    NDArray dequantizeWithTensorOps(NDArray codes, NDArray absmax) {
        NDArray values = codebook.decode(codes);
        long length = values.size();
        long full = length / blockSize;
        long tail = length - full * blockSize;
        if (full > 0) {
            NDArray head = tail == 0 ? values : values.get(new NDIndex("0:{}", full * blockSize));
            NDArray headAbsmax = tail == 0 ? absmax : absmax.get(new NDIndex("0:{}", full));
            head.reshape(full, blockSize).muli(headAbsmax.reshape(full, 1));
        }
        if (tail > 0) {
            values.get(new NDIndex("{}:", full * blockSize)).muli(absmax.get(new NDIndex("{}:", full)));
        }
        return values;
    }

    /** Whole-tensor convenience: codes shaped like {@code x} and absmax per block. */
    Quantized quantize(NDArray x) {
        NDArray flat = (x.getDataType() == DataType.FLOAT32 ? x.duplicate() : x.toType(DataType.FLOAT32, false))
                .reshape(-1);
        NDArray codes = x.getManager().zeros(x.getShape(), DataType.UINT8);
        NDArray absmax = x.getManager().zeros(new Shape(blockCount(flat.size(), blockSize)));
        quantizeInto(flat, codes.reshape(-1), absmax);
        return new Quantized(codes, absmax);
    }

    /** Whole-tensor convenience: fp32 values shaped like the codes. */
    NDArray dequantize(Quantized q) {
        return dequantize(q.codes().reshape(-1), q.absmax()).reshape(q.codes().getShape());
    }

    /** uint8 codes (the tensor's shape) and fp32 absmax per block. */
    record Quantized(NDArray codes, NDArray absmax) {
    }
}
