package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/** A full-precision state tensor, saved under its PyTorch name ({@code <param>.exp_avg}). */
final class Fp32StateBuffer implements StateBuffer {

    private final String name;
    private final NDArray data;
    private final NDArray flat;

    Fp32StateBuffer(NDManager manager, Shape shape, Device device, String name) {
        this.name = name;
        this.data = StateArrays.keep(manager.zeros(shape, DataType.FLOAT32, device));
        this.flat = StateArrays.keep(data.reshape(-1));
    }

    @Override
    public NDArray read(long from, long to) {
        return StateArrays.range(flat, from, to);
    }

    @Override
    public void write(long from, long to, NDArray values) {
        // read() returned a live view: the rule already updated the storage
    }

    @Override
    public NDArray toFloat() {
        return data.duplicate();
    }

    @Override
    public Map<String, NDArray> tensors(String prefix) {
        return Map.of(prefix + name, data);
    }

    @Override
    public void load(Map<String, NDArray> saved, String prefix) {
        StateArrays.restore(data, saved, prefix + name);
    }

    @Override
    public long bytes() {
        return 4L * flat.size();
    }

    @Override
    public void close() {
        flat.close();
        data.close();
    }
}
