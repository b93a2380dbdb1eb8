package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries optimizer state across a transition ({@code optimizer_state: map}). State tensors are
 * named {@code <parameter>.<state>} (e.g. {@code blocks.0.attn.qkv.weight.exp_avg}); each one
 * shaped like its parameter goes through the same operator as the weights ({@link Growth#moments}).
 * Tensors that belong to no parameter (step counters) are kept as they are; per-parameter tensors
 * that are not floating point or not shaped like their parameter (8-bit codes, block maxima) cannot
 * be mapped and are left out, for the optimizer to start afresh — {@link #reset()} names them.
 */
public final class StateMapping {
    private final Map<String, NDArray> mapped;
    private final List<String> reset;

    private StateMapping(Map<String, NDArray> mapped, List<String> reset) {
        this.mapped = mapped;
        this.reset = reset;
    }

    /**
     * @param state       the optimizer's state tensors before the transition
     * @param oldParams   the parameters before the transition, by name
     * @param targetLike  the parameters after it (names and shapes)
     */
    public static StateMapping map(Map<String, NDArray> state, Map<String, NDArray> oldParams, ModelDims from,
                                   ModelDims to, GrowthSpec spec, Map<String, NDArray> targetLike) {
        Map<String, Map<String, NDArray>> bySuffix = new LinkedHashMap<>();
        Map<String, NDArray> mapped = new LinkedHashMap<>();
        List<String> reset = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String owner = ownerOf(e.getKey(), oldParams);
            if (owner == null) {
                mapped.put(e.getKey(), e.getValue());
            } else if (e.getValue().getDataType().isFloating()
                    && e.getValue().getShape().equals(oldParams.get(owner).getShape())) {
                String suffix = e.getKey().substring(owner.length() + 1);
                bySuffix.computeIfAbsent(suffix, s -> new LinkedHashMap<>()).put(owner, e.getValue());
            } else {
                reset.add(e.getKey());
            }
        }
        GrowthSpec quiet = new GrowthSpec(spec.depth(), spec.width(), spec.groups(), 0, spec.masked());
        bySuffix.forEach((suffix, perParam) -> Growth.moments(perParam, from, to, quiet, targetLike)
                .forEach((param, tensor) -> mapped.put(param + "." + suffix, tensor)));
        return new StateMapping(mapped, reset);
    }

    /** The state to load into the new optimizer. */
    public Map<String, NDArray> mapped() {
        return mapped;
    }

    /** State tensors that could not be mapped (their optimizer starts them afresh). */
    public List<String> reset() {
        return reset;
    }

    /** The longest parameter name that {@code stateName} extends with a dot, or null. */
    static String ownerOf(String stateName, Map<String, NDArray> params) {
        String best = null;
        for (String p : params.keySet()) {
            if (stateName.startsWith(p + ".") && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }
}
