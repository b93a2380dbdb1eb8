package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Width growth (FPI, AKI, random padding, decoalescing) and width merging (coalescing), tensor by tensor. */
final class WidthTransform {
    private WidthTransform() {
    }

    /**
     * Widens every tensor of {@code source} (at the source depth) from {@code from}'s widths to
     * {@code to}'s. Names stay the same.
     */
    static Map<String, NDArray> grow(Map<String, NDArray> source, ModelDims from, ModelDims to, WidthOp op, Fresh fresh) {
        SpaceMaps maps = SpaceMaps.cyclic(from, to);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : source.entrySet()) {
            List<AxisRole> roles = TensorRoles.of(e.getKey(), from);
            NDArray copied = copy(e.getValue(), roles, maps);
            NDArray grown = switch (op) {
                case FPI, AKI, DECOALESCE -> divideFanIn(copied, roles, maps);
                case RANDOM -> roles.isEmpty() ? copied : AxisOps.whereOriginal(roles, maps, copied, fresh.value(e.getKey()));
                case COALESCE -> throw new IllegalArgumentException("coalesce shrinks; it cannot grow a width");
            };
            out.put(e.getKey(), grown);
        }
        if (op == WidthOp.AKI) {
            advancedKnowledge(out, from, maps);
        }
        return out;
    }

    /** Narrows every tensor of {@code big} from {@code from}'s widths to {@code to}'s: producers averaged, fan-in summed. */
    static Map<String, NDArray> merge(Map<String, NDArray> big, ModelDims from, ModelDims to) {
        SpaceMaps maps = SpaceMaps.cyclic(to, from);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : big.entrySet()) {
            NDArray x = e.getValue();
            for (AxisRole r : TensorRoles.of(e.getKey(), from)) {
                WidthMap m = maps.of(r.space());
                if (m.isIdentity()) {
                    continue;
                }
                long[][] groups = m.groups();
                x = AxisOps.groupSum(x, r.axis(), groups);
                if (!r.fanIn()) {
                    x = x.mul(1f / groups.length);
                }
            }
            out.put(e.getKey(), x);
        }
        return out;
    }

    private static NDArray copy(NDArray x, List<AxisRole> roles, SpaceMaps maps) {
        NDArray y = x;
        for (AxisRole r : roles) {
            WidthMap m = maps.of(r.space());
            if (!m.isIdentity()) {
                y = AxisOps.select(y, r.axis(), m.indices());
            }
        }
        return y;
    }

    private static NDArray divideFanIn(NDArray x, List<AxisRole> roles, SpaceMaps maps) {
        NDArray y = x;
        for (AxisRole r : roles) {
            WidthMap m = maps.of(r.space());
            if (r.fanIn() && !m.isIdentity()) {
                y = AxisOps.scale(y, r.axis(), m.inverseCopies());
            }
        }
        return y;
    }

    /**
     * AKI: in every block but the top one, the new output units (rows that are extra copies) take
     * their values from the same tensor of the next block, already FPI-expanded. The top block keeps
     * plain FPI (bert2BERT leaves its source open).
     */
    private static void advancedKnowledge(Map<String, NDArray> grown, ModelDims dims, SpaceMaps maps) {
        Map<String, NDArray> fpi = new LinkedHashMap<>(grown);
        for (Map.Entry<String, NDArray> e : fpi.entrySet()) {
            int layer = TensorRoles.layerOf(e.getKey());
            if (layer < 0 || layer + 1 >= dims.layers()) {
                continue;
            }
            List<AxisRole> outputs = TensorRoles.of(e.getKey(), dims).stream().filter(r -> r.axis() == 0).toList();
            if (outputs.isEmpty() || maps.of(outputs.get(0).space()).isIdentity()) {
                continue;
            }
            NDArray upper = fpi.get(TensorRoles.blockName(layer + 1, TensorRoles.withinBlock(e.getKey())));
            if (upper != null) {
                grown.put(e.getKey(), AxisOps.whereOriginal(outputs, maps, e.getValue(), upper));
            }
        }
    }
}
