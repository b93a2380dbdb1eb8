package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.NativeKernels.direct;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;

/**
 * One Adam/AdamW step in one pass over the parameter, gradient and moment arrays
 * ({@code effitrain_adam.c} in {@link NativeKernels}). The tensor ops of {@link AdamRule} stream
 * whole arrays through memory about a dozen times; the kernel reads each array once and does the
 * same float operations in the same order: the same moments bit for bit, the parameter to within an
 * ulp plus 4 ulps of lr per step (libtorch's sqrt does not always round correctly; NativeAdamTest).
 */
final class NativeAdam {

    private NativeAdam() {
    }

    /** Whether the kernel can update these arrays (contiguous fp32 CPU arrays or 1-D slices of them). */
    static boolean usable(NDArray p, NDArray g, NDArray m, NDArray v) {
        return NativeKernels.usableFloat(p, g, m, v);
    }

    /**
     * {@code p}, {@code m}, {@code v} updated in place from {@code g}; the scalars are AdamRule's,
     * rounded to float exactly where the tensor ops round them.
     */
    static void update(NDArray p, NDArray g, NDArray m, NDArray v, double beta1, double beta2, double eps,
                       boolean decoupled, UpdateRule.Hyper h) {
        double correction1 = 1 - Math.pow(beta1, h.step());
        double correction2 = 1 - Math.pow(beta2, h.step());
        boolean decay = h.weightDecay() != 0;
        float[] args = {
            (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
            (float) Math.sqrt(correction2), (float) eps, (float) (h.lr() / correction1),
            decay && decoupled ? (float) (1 - h.lr() * h.weightDecay()) : 1f,
            decay && !decoupled ? (float) h.weightDecay() : 0f,
        };
        update0(direct(p), direct(g), direct(m), direct(v), p.size(), args);
    }

    private static native void update0(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, long n,
                                       float[] args);
}
