package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Depth growth (copying layers or making new ones) and depth merging (averaging groups of layers). */
final class DepthTransform {
    /** Block outputs into the residual stream: zero in an identity layer. */
    private static final Set<String> OUTPUT_PROJECTIONS = Set.of("attn.proj.weight", "attn.proj.bias", "mlp.fc2.weight", "mlp.fc2.bias");

    private DepthTransform() {
    }

    /**
     * @param source tensors at the target width and the source depth (possibly partial: optimizer moments
     *               exist only for some parameters)
     * @param layerMap the source layer of each target layer, -1 for a new one
     */
    static Map<String, NDArray> grow(Map<String, NDArray> source, int[] layerMap, DepthOp op, Fresh fresh) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        Set<String> within = blockParts(source, fresh);
        for (Map.Entry<String, NDArray> e : source.entrySet()) {
            if (TensorRoles.layerOf(e.getKey()) < 0) {
                out.put(e.getKey(), e.getValue());
            }
        }
        for (int i = 0; i < layerMap.length; i++) {
            for (String part : within) {
                String target = TensorRoles.blockName(i, part);
                if (layerMap[i] >= 0) {
                    NDArray copied = source.get(TensorRoles.blockName(layerMap[i], part));
                    if (copied != null) {
                        out.put(target, copied);
                    }
                } else if (op == DepthOp.IDENTITY && OUTPUT_PROJECTIONS.contains(part)) {
                    out.put(target, fresh.value(target).zerosLike());
                } else {
                    out.put(target, fresh.value(target));
                }
            }
        }
        return out;
    }

    /** Small layer i becomes the average of the big layers {@code groups[i]}. */
    static Map<String, NDArray> merge(Map<String, NDArray> big, int[][] groups) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        Set<String> within = new LinkedHashSet<>();
        for (Map.Entry<String, NDArray> e : big.entrySet()) {
            if (TensorRoles.layerOf(e.getKey()) < 0) {
                out.put(e.getKey(), e.getValue());
            } else {
                within.add(TensorRoles.withinBlock(e.getKey()));
            }
        }
        for (int i = 0; i < groups.length; i++) {
            for (String part : within) {
                NDArray[] members = new NDArray[groups[i].length];
                boolean complete = true;
                for (int r = 0; r < members.length; r++) {
                    members[r] = big.get(TensorRoles.blockName(groups[i][r], part));
                    complete &= members[r] != null;
                }
                if (complete) {
                    out.put(TensorRoles.blockName(i, part), AxisOps.pairwiseSum(members).mul(1f / members.length));
                }
            }
        }
        return out;
    }

    /**
     * The parameter names inside a block that the result has: those the source has in any block, or
     * every block parameter of the target when the source has no block at all (a 0-layer model).
     */
    private static Set<String> blockParts(Map<String, NDArray> source, Fresh fresh) {
        Set<String> parts = new LinkedHashSet<>();
        for (String name : source.keySet()) {
            if (TensorRoles.layerOf(name) >= 0) {
                parts.add(TensorRoles.withinBlock(name));
            }
        }
        if (parts.isEmpty()) {
            for (String name : fresh.names()) {
                if (TensorRoles.layerOf(name) >= 0) {
                    parts.add(TensorRoles.withinBlock(name));
                }
            }
        }
        return parts;
    }
}
