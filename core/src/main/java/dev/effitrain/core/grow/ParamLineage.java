package dev.effitrain.core.grow;

/**
 * Which source parameter a target parameter of a transition descends from: the same name outside
 * the blocks and across width changes; for depth, the layer its layer copies (growth) or the first
 * layer of its merged group (coalescing); none for a freshly made layer.
 */
final class ParamLineage {
    private final int[] layerSource;

    private ParamLineage(int[] layerSource) {
        this.layerSource = layerSource;
    }

    static ParamLineage of(ModelDims from, ModelDims to, GrowthSpec spec) {
        int ls = from.layers();
        int lt = to.layers();
        int[] src = new int[lt];
        if (lt == ls) {
            for (int i = 0; i < lt; i++) {
                src[i] = i;
            }
        } else if (lt > ls) {
            src = LayerMaps.growth(spec.depth(), spec.groups(), ls, lt);
        } else {
            int[][] groups = LayerMaps.mergeGroups(spec.groups(), ls, lt);
            for (int i = 0; i < lt; i++) {
                src[i] = groups[i][0];
            }
        }
        return new ParamLineage(src);
    }

    /** The source parameter's name, or null for a parameter of a fresh layer. */
    String sourceOf(String target) {
        int layer = TensorRoles.layerOf(target);
        if (layer < 0) {
            return target;
        }
        return layerSource[layer] < 0 ? null : TensorRoles.blockName(layerSource[layer], TensorRoles.withinBlock(target));
    }
}
