package dev.effitrain.core.grow;

/**
 * The operators of one model transition.
 *
 * @param depth  how layers are added or merged when the depth changes
 * @param width  how d_model, heads and MLP width change
 * @param groups which layers coalesce/decoalesce pair up
 * @param noise  symmetry-breaking noise added to grown weights, as a fraction of each tensor's
 *               standard deviation (0 = none; anything else breaks function preservation)
 * @param masked MSG: the new structure is multiplied by a mask ramping from 0 to 1, so the function
 *               is preserved whatever the new weights are; the old weights must then stay as they are
 */
public record GrowthSpec(DepthOp depth, WidthOp width, LayerGroups groups, double noise, boolean masked) {

    public GrowthSpec {
        depth = depth == null ? DepthOp.STACK : depth;
        width = width == null ? WidthOp.FPI : width;
        groups = groups == null ? LayerGroups.ADJACENT : groups;
    }

    public static GrowthSpec of(DepthOp depth, WidthOp width) {
        return new GrowthSpec(depth, width, LayerGroups.ADJACENT, 0, false);
    }

    /** Depth from {@code from} to {@code to} is exactly preserved right after the transition. */
    public boolean preservesFunction(ModelDims from, ModelDims to) {
        if (masked) {
            return true;
        }
        boolean depthKept = from.layers() == to.layers() || depth == DepthOp.IDENTITY;
        boolean widthKept = from.sameWidth(to)
                || (width == WidthOp.FPI || width == WidthOp.DECOALESCE) && to.dModel() % from.dModel() == 0
                && to.dModel() >= from.dModel() && to.mlpHidden() >= from.mlpHidden() && to.heads() >= from.heads();
        return depthKept && widthKept && (noise == 0 || (from.sameWidth(to) && from.layers() == to.layers()));
    }
}
