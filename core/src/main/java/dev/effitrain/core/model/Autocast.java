package dev.effitrain.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Mixed precision for matrix products, as PyTorch's autocast does it: while a scope opened with
 * {@link #fp16(boolean)} is active on this thread, {@link #linear} and {@link #matMul} cast their
 * inputs to fp16, multiply in fp16 and return fp32. Weights, everything outside matrix products
 * (norms, softmax, losses) and the optimizer stay fp32; the casts are differentiable, so gradients
 * reach the fp32 weights. Outside such a scope both are the plain fp32 operations.
 */
public final class Autocast implements AutoCloseable {
    private static final ThreadLocal<Boolean> FP16 = ThreadLocal.withInitial(() -> false);
    private final boolean previous;

    private Autocast(boolean fp16) {
        previous = FP16.get();
        FP16.set(fp16);
    }

    /** Opens a scope: fp16 matrix products when {@code fp16}, fp32 otherwise. Close it to restore. */
    public static Autocast fp16(boolean fp16) {
        return new Autocast(fp16);
    }

    public static boolean active() {
        return FP16.get();
    }

    @Override
    public void close() {
        FP16.set(previous);
    }

    /** y = x·wᵀ + b (b may be null) through libtorch's {@code linear}. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        if (!active()) {
            return b == null ? ai.djl.nn.core.Linear.linear(x, w).head() : ai.djl.nn.core.Linear.linear(x, w, b).head();
        }
        NDArray y = b == null ? ai.djl.nn.core.Linear.linear(half(x), half(w)).head()
                : ai.djl.nn.core.Linear.linear(half(x), half(w), half(b)).head();
        return fp32(y);
    }

    /** a·b (batched over leading axes). */
    public static NDArray matMul(NDArray a, NDArray b) {
        return active() ? fp32(half(a).matMul(half(b))) : a.matMul(b);
    }

    private static NDArray half(NDArray a) {
        return a.getDataType() == DataType.FLOAT16 ? a : Casts.apply(Casts.TO_HALF, a);
    }

    private static NDArray fp32(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a : Casts.apply(Casts.TO_FLOAT, a);
    }

    /**
     * Differentiable dtype casts. DJL's {@code NDArray.toType} runs under libtorch's no-grad guard,
     * so gradients would stop at it; these TorchScript modules ({@code x.to(dtype)}, written by
     * {@code core/src/main/torchscript/make_casts.py}) cast with autograd. They hold no tensors, so
     * one CPU-loaded copy serves inputs on any device.
     */
    private static final class Casts {
        static final PtSymbolBlock TO_HALF = load("to_half.pt");
        static final PtSymbolBlock TO_FLOAT = load("to_float.pt");

        static NDArray apply(PtSymbolBlock cast, NDArray x) {
            return cast.forward(new ParameterStore(x.getManager(), false), new NDList(x), true).head();
        }

        private static PtSymbolBlock load(String file) {
            NDManager keep = NDManager.newBaseManager(Device.cpu()); // for the life of the process
            try (InputStream in = Autocast.class.getResourceAsStream("/effitrain/torchscript/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("resource effitrain/torchscript/" + file + " is missing");
                }
                return JniUtils.loadModule((PtNDManager) keep, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
