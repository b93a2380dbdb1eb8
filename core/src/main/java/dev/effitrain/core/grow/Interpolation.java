package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The multi-level framework's interpolation: θ ← (1 − α)·θ_anchor + α·θ_current, where the anchor
 * is the big model as it was before coalescing and the current one was de-coalesced from the small
 * model. α = 0 returns the anchor exactly, α = 1 the de-coalesced model exactly.
 */
public final class Interpolation {
    private Interpolation() {
    }

    /**
     * Tensors the anchor lacks (or has with another shape), and non-floating ones (step counters),
     * are taken from {@code current} unchanged.
     */
    public static Map<String, NDArray> blend(Map<String, NDArray> anchor, Map<String, NDArray> current, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("interpolation alpha must be in [0, 1], got " + alpha);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : current.entrySet()) {
            NDArray a = anchor.get(e.getKey());
            NDArray c = e.getValue();
            out.put(e.getKey(), a == null || !a.getShape().equals(c.getShape()) || !c.getDataType().isFloating() ? c
                    : alpha == 0 ? a : alpha == 1 ? c : a.mul((float) (1 - alpha)).add(c.mul((float) alpha)));
        }
        return out;
    }
}
