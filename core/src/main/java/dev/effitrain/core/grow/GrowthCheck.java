package dev.effitrain.core.grow;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a transition can be done with the chosen operators, before any tensor is touched: every
 * problem, each tagged with the setting at fault so callers can point at the recipe key or option.
 */
public final class GrowthCheck {

    /** The setting a problem is about. */
    public enum Field { MODEL, DEPTH, WIDTH, NOISE, MASK }

    public record Problem(Field field, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    private GrowthCheck() {
    }

    public static List<Problem> check(ModelDims from, ModelDims to, GrowthSpec spec) {
        List<Problem> out = new ArrayList<>();
        if (from.family() != to.family() || from.tiedHead() != to.tiedHead()) {
            out.add(new Problem(Field.MODEL, "growth keeps the architecture: cannot turn " + from.family()
                    + (from.tiedHead() ? " (tied head)" : "") + " into " + to.family() + (to.tiedHead() ? " (tied head)" : "")));
            return out;
        }
        boolean up = to.layers() > from.layers() || to.dModel() > from.dModel() || to.heads() > from.heads()
                || to.mlpHidden() > from.mlpHidden();
        boolean down = to.layers() < from.layers() || to.dModel() < from.dModel() || to.heads() < from.heads()
                || to.mlpHidden() < from.mlpHidden();
        if (up && down) {
            out.add(new Problem(Field.MODEL, "cannot grow and shrink in one step (" + from.describe() + " → "
                    + to.describe() + "): change every size in the same direction"));
            return out;
        }
        if (spec.noise() < 0 || !Double.isFinite(spec.noise())) {
            out.add(new Problem(Field.NOISE, "noise must be a non-negative number, got " + spec.noise()));
        }
        if (to.layers() != from.layers()) {
            depth(from, to, spec, out);
        }
        if (!from.sameWidth(to)) {
            width(from, to, spec, out);
        }
        if (spec.masked()) {
            if (down) {
                out.add(new Problem(Field.MASK, "a mask ramps new structure in; it cannot be used when shrinking"));
            } else if (!from.sameWidth(to) && spec.width() != WidthOp.RANDOM) {
                out.add(new Problem(Field.MASK, "masked growth needs the old weights left as they are: use width random "
                        + "(" + spec.width().label() + " divides them, and already preserves the function without a mask)"));
            }
        }
        return out;
    }

    private static void depth(ModelDims from, ModelDims to, GrowthSpec spec, List<Problem> out) {
        DepthOp op = spec.depth();
        int ls = from.layers();
        int lt = to.layers();
        if (lt < ls) {
            if (!op.shrinks()) {
                out.add(new Problem(Field.DEPTH, "depth " + op.label() + " grows a model, but layers go from " + ls + " to "
                        + lt + "; shrinking uses coalesce"));
            } else if (lt == 0 || ls % lt != 0) {
                out.add(new Problem(Field.DEPTH, "coalesce merges equal groups of layers: " + ls + " layers cannot become "
                        + lt + " (use a divisor of " + ls + ")"));
            }
            return;
        }
        if (op.shrinks()) {
            out.add(new Problem(Field.DEPTH, "depth coalesce shrinks a model, but layers go from " + ls + " to " + lt));
        } else if (ls == 0 && op.copiesLayers()) {
            out.add(new Problem(Field.DEPTH, "depth " + op.label() + " copies layers, but the model has none: use identity or random"));
        } else if (op == DepthOp.DECOALESCE && lt % ls != 0) {
            out.add(new Problem(Field.DEPTH, "decoalesce copies every layer equally often: " + lt + " is not a multiple of " + ls));
        }
    }

    private static void width(ModelDims from, ModelDims to, GrowthSpec spec, List<Problem> out) {
        WidthOp op = spec.width();
        boolean shrinking = to.dModel() < from.dModel() || to.heads() < from.heads() || to.mlpHidden() < from.mlpHidden();
        if (shrinking != op.shrinks()) {
            out.add(new Problem(Field.WIDTH, shrinking
                    ? "width " + op.label() + " grows a model, but the width shrinks (" + widths(from) + " → " + widths(to) + "); shrinking uses coalesce"
                    : "width coalesce shrinks a model, but the width grows (" + widths(from) + " → " + widths(to) + ")"));
            return;
        }
        if (to.headDim() != from.headDim()) {
            int heads = to.dModel() / from.headDim();
            out.add(new Problem(Field.WIDTH, "width changes copy or merge whole heads and keep the head size "
                    + from.headDim() + ": d_model " + to.dModel() + " needs " + (to.dModel() % from.headDim() == 0
                    ? heads + " heads, not " + to.heads() : "to be a multiple of " + from.headDim())));
            return;
        }
        ModelDims small = shrinking ? to : from;
        ModelDims big = shrinking ? from : to;
        boolean exact = op.shrinks() || op == WidthOp.DECOALESCE;
        if ((exact || op.dividesFanIn()) && big.dModel() % small.dModel() != 0) {
            out.add(new Problem(Field.WIDTH, "width " + op.label() + " is exact only for a whole factor: d_model "
                    + big.dModel() + " is not a multiple of " + small.dModel()));
        } else if (exact && big.mlpHidden() % small.mlpHidden() != 0) {
            out.add(new Problem(Field.WIDTH, "width " + op.label() + " merges equal groups of units: mlp "
                    + big.mlpHidden() + " is not a multiple of " + small.mlpHidden()));
        }
    }

    private static String widths(ModelDims d) {
        return "d_model " + d.dModel() + ", " + d.heads() + " heads, mlp " + d.mlpHidden();
    }
}
