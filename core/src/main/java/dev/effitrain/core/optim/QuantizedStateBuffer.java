package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An 8-bit state tensor: uint8 codes in the parameter's shape plus one fp32 absmax per block,
 * saved as {@code <param>.state<i>.codes} and {@code <param>.state<i>.absmax}.
 */
final class QuantizedStateBuffer implements StateBuffer {

    private final String name;
    private final Supplier<Codebook> codebook;
    private final int blockSize;
    private final NDArray codes;
    private final NDArray codesFlat;
    private final NDArray absmax;

    /**
     * @param codebook  the current codebook on this device (looked up per use: a checkpoint may
     *                  replace the map)
     * @param blockSize elements per block; the whole tensor is one block when it is not smaller
     */
    QuantizedStateBuffer(NDManager manager, Shape shape, Device device, String name,
                         Supplier<Codebook> codebook, long blockSize) {
        this.name = name;
        this.codebook = codebook;
        long n = shape.size();
        this.blockSize = (int) Math.max(1, Math.min(blockSize, n));
        this.codes = StateArrays.keep(manager.zeros(shape, DataType.UINT8, device));
        this.codesFlat = StateArrays.keep(codes.reshape(-1));
        this.absmax = StateArrays.keep(manager.zeros(
                new Shape(BlockQuantizer.blockCount(n, this.blockSize)), DataType.FLOAT32, device));
    }

    @Override
    public NDArray read(long from, long to) {
        return quantizer().dequantize(StateArrays.range(codesFlat, from, to), absmaxRange(from, to));
    }

    @Override
    public void write(long from, long to, NDArray values) {
        quantizer().quantizeInto(values, StateArrays.range(codesFlat, from, to), absmaxRange(from, to));
    }

    private NDArray absmaxRange(long from, long to) {
        return StateArrays.range(absmax, from / blockSize, BlockQuantizer.blockCount(to, blockSize));
    }

    private BlockQuantizer quantizer() {
        return new BlockQuantizer(codebook.get(), blockSize);
    }

    @Override
    public NDArray toFloat() {
        return read(0, codesFlat.size()).reshape(codes.getShape());
    }

    @Override
    public Map<String, NDArray> tensors(String prefix) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(prefix + name + ".codes", codes);
        m.put(prefix + name + ".absmax", absmax);
        return m;
    }

    @Override
    public void load(Map<String, NDArray> saved, String prefix) {
        StateArrays.restore(codes, saved, prefix + name + ".codes");
        StateArrays.restore(absmax, saved, prefix + name + ".absmax");
    }

    @Override
    public long bytes() {
        return codesFlat.size() + 4L * absmax.size();
    }

    @Override
    public void close() {
        codesFlat.close();
        codes.close();
        absmax.close();
    }
}
