package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.EffitrainException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parameter's optimizer state: its {@link StateBuffer}s, its step counter (bias correction
 * counts per parameter, as in torch and bitsandbytes) and its {@link ParamPolicy.Settings}.
 * Updates run over the flat tensor in chunks, so temporaries stay small for large tensors and the
 * 8-bit absmax blocks never straddle a chunk.
 */
final class ParamState implements AutoCloseable {

    private static final long CPU_CHUNK = 1L << 18;
    private static final long GPU_CHUNK = 1L << 22;

    private final String name;
    private final Shape shape;
    private final Device device;
    private final ParamPolicy.Settings settings;
    private final StateBuffer[] buffers;
    private final long chunk;
    private final NDArray stepArray;
    private long step;

    ParamState(String name, Shape shape, Device device, ParamPolicy.Settings settings, StateBuffer[] buffers,
               long blockSize, NDManager manager) {
        this.name = name;
        this.shape = shape;
        this.device = device;
        this.settings = settings;
        this.buffers = buffers;
        long target = device.isGpu() ? GPU_CHUNK : CPU_CHUNK;
        this.chunk = blockSize * Math.max(1, target / blockSize);
        this.stepArray = StateArrays.keep(manager.create(0L));
    }

    boolean fits(Shape s, Device d) {
        return shape.equals(s) && device.equals(d);
    }

    ParamPolicy.Settings settings() {
        return settings;
    }

    boolean quantized() {
        return buffers.length > 0 && buffers[0] instanceof QuantizedStateBuffer;
    }

    StateBuffer buffer(int i) {
        return buffers[i];
    }

    /**
     * One optimizer step of this parameter, in place. With {@code maskNonFinite}, elements whose
     * gradient is NaN or infinite keep their parameter value and get zeroed state (bitsandbytes'
     * 8-bit Adam kernel semantics), for fp32 and 8-bit state alike.
     */
    void update(NDArray weight, NDArray grad, UpdateRule rule, double lr, boolean maskNonFinite) {
        step++;
        UpdateRule.Hyper hyper = new UpdateRule.Hyper(lr * settings.lrScale(), settings.weightDecay(), step);
        NDArray weightFlat = weight.reshape(-1);
        NDArray gradFlat = grad.reshape(-1);
        long n = weightFlat.size();
        NDArray[] state = new NDArray[buffers.length];
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            try (NDScope chunkScope = new NDScope()) { // frees this chunk's temporaries now, not at the step's end
                NDArray p = StateArrays.range(weightFlat, from, to);
                NDArray g = StateArrays.range(gradFlat, from, to);
                for (int i = 0; i < buffers.length; i++) {
                    state[i] = buffers[i].read(from, to);
                }
                if (maskNonFinite) {
                    applyMasked(rule, p, g, state, hyper);
                } else {
                    rule.apply(p, g, state, hyper);
                }
                for (int i = 0; i < buffers.length; i++) {
                    buffers[i].write(from, to, state[i]);
                }
            }
        }
    }

    private static void applyMasked(UpdateRule rule, NDArray p, NDArray g, NDArray[] state, UpdateRule.Hyper hyper) {
        NDArray finite = g.sub(g).eq(0f); // x - x is NaN exactly when x is NaN or infinite
        NDArray before = p.duplicate();
        rule.apply(p, NDArrays.where(finite, g, g.zerosLike()), state, hyper);
        NDArray keep = finite.toType(DataType.FLOAT32, false);
        for (NDArray s : state) {
            s.muli(keep);
        }
        p.set(new NDIndex(":"), NDArrays.where(finite, p, before));
    }

    Map<String, NDArray> tensors() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        StateArrays.overwrite(stepArray, step);
        m.put(name + ".step", stepArray);
        for (StateBuffer b : buffers) {
            m.putAll(b.tensors(name + "."));
        }
        return m;
    }

    /** True when {@code saved} holds state for this parameter. */
    boolean presentIn(Map<String, NDArray> saved) {
        return saved.containsKey(name + ".step");
    }

    void load(Map<String, NDArray> saved) {
        NDArray s = saved.get(name + ".step");
        if (s == null || s.size() != 1) {
            throw EffitrainException.badInput("optimizer state '" + name + ".step' is missing or not a scalar");
        }
        step = s.toType(DataType.INT64, false).toLongArray()[0];
        for (StateBuffer b : buffers) {
            b.load(saved, name + ".");
        }
    }

    long bytes() {
        long total = 0;
        for (StateBuffer b : buffers) {
            total += b.bytes();
        }
        return total;
    }

    @Override
    public void close() {
        for (StateBuffer b : buffers) {
            b.close();
        }
        stepArray.close();
    }
}
