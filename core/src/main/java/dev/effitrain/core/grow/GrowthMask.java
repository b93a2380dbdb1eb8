package dev.effitrain.core.grow;

/**
 * What a masked (MSG) growth added: layers that are new (fresh, or extra copies of a layer) and
 * residual units, heads and MLP units beyond the old ones. During the ramp their contributions are
 * multiplied by m ∈ [0, 1]; at m = 0 the grown model computes exactly what the old one did.
 */
public record GrowthMask(boolean[] newLayers, boolean[] newResidual, boolean[] newHeads, boolean[] newMlp) {

    public static GrowthMask of(ModelDims from, ModelDims to, GrowthSpec spec) {
        boolean[] layers = from.layers() == to.layers()
                ? new boolean[to.layers()]
                : LayerMaps.newLayers(LayerMaps.growth(spec.depth(), spec.groups(), from.layers(), to.layers()));
        return new GrowthMask(layers, extra(WidthMap.cyclic(from.dModel(), to.dModel())),
                extra(WidthMap.cyclic(from.heads(), to.heads())), extra(WidthMap.cyclic(from.mlpHidden(), to.mlpHidden())));
    }

    private static boolean[] extra(WidthMap m) {
        boolean[] out = new boolean[m.targetSize()];
        for (int j = 0; j < out.length; j++) {
            out[j] = !m.isOriginal(j);
        }
        return out;
    }

    /** Per unit: 1 for old units, {@code m} for new ones. */
    static float[] weights(boolean[] isNew, double m) {
        float[] w = new float[isNew.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = isNew[j] ? (float) m : 1f;
        }
        return w;
    }
}
