package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.model.Param;
import java.util.ArrayList;
import java.util.List;

/** Global-norm gradient clipping and gradient health checks, each with a single host sync. */
public final class GradClip {

    private GradClip() {
    }

    /**
     * The global L2 norm of all gradients (torch {@code clip_grad_norm_}: the norm of the
     * per-tensor norms). When it exceeds {@code maxNorm > 0} and is finite, every gradient is
     * scaled in place by {@code maxNorm / (norm + 1e-6)}; with {@code maxNorm <= 0} it only
     * measures. Parameters without a gradient are skipped; no gradients give 0.
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> grads = gradients(params);
            if (grads.isEmpty()) {
                return 0;
            }
            NDList norms = new NDList();
            for (NDArray g : grads) {
                norms.add(g.norm());
            }
            double norm = NDArrays.stack(norms).norm().getFloat();
            if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
                float coef = (float) (maxNorm / (norm + 1e-6));
                for (NDArray g : grads) {
                    g.muli(coef);
                }
            }
            return norm;
        }
    }

    /** The global L2 norm of all gradients, without clipping. */
    public static double globalNorm(List<Param> params) {
        return clipGlobalNorm(params, 0);
    }

    /** True when any gradient element is NaN or infinite. */
    public static boolean hasNonFinite(List<Param> params) {
        try (NDScope scope = new NDScope()) {
            return !allFinite(gradients(params));
        }
    }

    /**
     * True when every element of every array is finite: max and min of each propagate NaN and
     * infinities, the largest magnitude of those cannot overflow.
     */
    static boolean allFinite(List<NDArray> arrays) {
        if (arrays.isEmpty()) {
            return true;
        }
        NDList extremes = new NDList();
        for (NDArray a : arrays) {
            if (a.size() == 0) {
                continue;
            }
            extremes.add(a.max());
            extremes.add(a.min());
        }
        if (extremes.isEmpty()) {
            return true;
        }
        return Float.isFinite(NDArrays.stack(extremes).abs().max().getFloat());
    }

    /** Gradient handles (new handles: close them, e.g. with an NDScope) of the parameters that have one. */
    private static List<NDArray> gradients(List<Param> params) {
        List<NDArray> grads = new ArrayList<>();
        for (Param p : params) {
            if (p.array().hasGradient()) {
                grads.add(p.array().getGradient());
            }
        }
        return grads;
    }
}
