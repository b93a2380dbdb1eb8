package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries optimizer state across a transition ({@code optimizer_state: map}). State tensors are
 * named {@code <parameter>.<state>} (e.g. {@code blocks.0.attn.qkv.weight.state1}); each floating
 * one shaped like its parameter goes through the same operator as the weights ({@link Growth#moments}).
 * Step counters are kept: global ones as they are, per-parameter ones (one element) follow the
 * parameter they belong to (a copied layer takes its source's). A parameter with state of any other
 * kind (8-bit codes, block maxima) cannot be mapped: all its state is left out for the optimizer to
 * start afresh, and {@link #reset()} names it.
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
        Map<String, String> ownerOf = new LinkedHashMap<>();
        Set<String> unmappable = new LinkedHashSet<>();
        Map<String, NDArray> mapped = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String owner = ownerOf(e.getKey(), oldParams);
            if (owner == null) {
                mapped.put(e.getKey(), e.getValue());
                continue;
            }
            ownerOf.put(e.getKey(), owner);
            if (!isCounter(e.getValue(), oldParams.get(owner)) && !isMoment(e.getValue(), oldParams.get(owner))) {
                unmappable.add(owner);
            }
        }
        // a parameter with any state that cannot be mapped starts afresh as a whole (its state must stay consistent)
        List<String> reset = new ArrayList<>();
        Map<String, Map<String, NDArray>> moments = new LinkedHashMap<>();
        Map<String, Map<String, NDArray>> counters = new LinkedHashMap<>();
        ownerOf.forEach((name, owner) -> {
            if (unmappable.contains(owner)) {
                reset.add(name);
                return;
            }
            NDArray t = state.get(name);
            String suffix = name.substring(owner.length() + 1);
            (isCounter(t, oldParams.get(owner)) ? counters : moments)
                    .computeIfAbsent(suffix, x -> new LinkedHashMap<>()).put(owner, t);
        });
        GrowthSpec quiet = new GrowthSpec(spec.depth(), spec.width(), spec.groups(), 0, spec.masked());
        moments.forEach((suffix, perParam) -> Growth.moments(perParam, from, to, quiet, targetLike)
                .forEach((param, tensor) -> mapped.put(param + "." + suffix, tensor)));
        ParamLineage lineage = ParamLineage.of(from, to, spec);
        counters.forEach((suffix, perParam) -> {
            for (String target : targetLike.keySet()) {
                String source = lineage.sourceOf(target);
                if (source != null && perParam.containsKey(source)) {
                    mapped.put(target + "." + suffix, perParam.get(source));
                }
            }
        });
        return new StateMapping(mapped, reset);
    }

    /** A per-parameter step counter: one element, for a parameter of more. */
    private static boolean isCounter(NDArray t, NDArray param) {
        return t.size() == 1 && param.size() > 1;
    }

    /** Floating point and shaped like its parameter: a moment the weights' linear maps apply to. */
    private static boolean isMoment(NDArray t, NDArray param) {
        return t.getDataType().isFloating() && t.getShape().equals(param.getShape());
    }

    /**
     * Keeps, per parameter, only mapped state that has exactly the tensors (names, shapes, types) the
     * new optimizer holds for it; the rest goes to {@link #reset()}. A parameter can change format
     * when it grows, e.g. past an 8-bit optimizer's size threshold. An optimizer that creates its
     * state lazily ({@code expected} without per-parameter tensors) is given everything.
     *
     * @param expected the new optimizer's state before any step
     * @param params   the new parameters, by name
     */
    public StateMapping fittedTo(Map<String, NDArray> expected, Map<String, NDArray> params) {
        Map<String, Map<String, NDArray>> wanted = byOwner(expected, params);
        if (wanted.isEmpty()) {
            return this;
        }
        Map<String, Map<String, NDArray>> have = byOwner(mapped, params);
        Map<String, NDArray> kept = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>(reset);
        mapped.forEach((name, t) -> {
            if (ownerOf(name, params) == null && expected.containsKey(name)) {
                kept.put(name, t);
            }
        });
        have.forEach((param, tensors) -> {
            if (sameLayout(tensors, wanted.getOrDefault(param, Map.of()))) {
                kept.putAll(tensors);
            } else {
                dropped.addAll(tensors.keySet());
            }
        });
        return new StateMapping(kept, dropped);
    }

    private static Map<String, Map<String, NDArray>> byOwner(Map<String, NDArray> state, Map<String, NDArray> params) {
        Map<String, Map<String, NDArray>> out = new LinkedHashMap<>();
        state.forEach((name, t) -> {
            String owner = ownerOf(name, params);
            if (owner != null) {
                out.computeIfAbsent(owner, o -> new LinkedHashMap<>()).put(name, t);
            }
        });
        return out;
    }

    private static boolean sameLayout(Map<String, NDArray> a, Map<String, NDArray> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, NDArray> e : a.entrySet()) {
            NDArray other = b.get(e.getKey());
            if (other.getDataType() != e.getValue().getDataType() || other.size() != e.getValue().size()) {
                return false;
            }
        }
        return true;
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
