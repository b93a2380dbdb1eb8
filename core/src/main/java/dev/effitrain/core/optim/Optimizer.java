package dev.effitrain.core.optim;

import ai.djl.ndarray.NDArray;
import dev.effitrain.core.model.Param;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Every optimizer (AdamW, SGD, the 8-bit family) sits
 * behind this interface so the training loop, checkpoints and {@code inspect} treat them alike.
 *
 * <p>Contract: {@link #step} reads each parameter's accumulated gradient ({@code array().getGradient()},
 * already clipped by the loop), updates the parameter in place outside any GradientCollector and
 * does not zero the gradient (the loop does). State lives on the optimizer's own manager and
 * survives any {@code NDScope}.
 */
public interface Optimizer extends AutoCloseable {

    /** One update of every parameter at learning rate {@code lr} (the scheduled value for this step). */
    void step(List<Param> params, double lr);

    /**
     * {@link #step} for gradients the caller has already found all finite (the training loop does,
     * through the global gradient norm), so the optimizer may skip its own check.
     */
    default void stepFinite(List<Param> params, double lr) {
        step(params, lr);
    }

    /** Number of completed steps (saved in checkpoints). */
    long stepCount();

    /**
     * Every state tensor by name, e.g. {@code blocks.0.attn.qkv.weight.exp_avg}; saved to
     * {@code optimizer.safetensors}. Includes whatever is needed to continue bit-exactly.
     */
    Map<String, NDArray> stateTensors();

    /** Restores state saved by {@link #stateTensors()} (values copied; the map's arrays may be closed after). */
    void loadState(Map<String, NDArray> state, List<Param> params);

    /** Bytes of optimizer state per parameter name. */
    Map<String, Long> stateBytesPerParam();

    default long stateBytes() {
        return stateBytesPerParam().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    void close();
}
