package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Tensor operations along one axis that the width operators are built from. */
final class AxisOps {
    private AxisOps() {
    }

    /** x with its {@code axis} re-indexed: out[…, j, …] = x[…, idx[j], …]. */
    static NDArray select(NDArray x, int axis, long[] idx) {
        NDArray index = x.getManager().create(idx);
        return x.get(new NDIndex(":, ".repeat(axis) + "{}", index));
    }

    /** x multiplied along {@code axis} by {@code factors}. */
    static NDArray scale(NDArray x, int axis, float[] factors) {
        return x.mul(x.getManager().create(factors).reshape(alongAxis(x.getShape(), axis, factors.length)));
    }

    /** Sum over each group of units: out[…, i, …] = Σ_r x[…, groups[r][i], …], added pairwise (exact for equal copies). */
    static NDArray groupSum(NDArray x, int axis, long[][] groups) {
        NDArray[] parts = new NDArray[groups.length];
        for (int r = 0; r < groups.length; r++) {
            parts[r] = select(x, axis, groups[r]);
        }
        return pairwiseSum(parts);
    }

    /** a₀ + a₁ + … as a balanced tree, so k equal terms sum exactly whenever k is a power of two. */
    static NDArray pairwiseSum(NDArray[] parts) {
        NDArray[] level = parts;
        while (level.length > 1) {
            NDArray[] next = new NDArray[(level.length + 1) / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = 2 * i + 1 < level.length ? level[2 * i].add(level[2 * i + 1]) : level[2 * i];
            }
            level = next;
        }
        return level[0];
    }

    /**
     * Takes {@code kept} where every listed axis is at an original unit of its map (the old
     * sub-tensor) and {@code other} everywhere else.
     */
    static NDArray whereOriginal(List<AxisRole> roles, SpaceMaps maps, NDArray kept, NDArray other) {
        NDArray mask = originalMask(roles, maps, kept);
        return NDArrays.where(mask, kept, other);
    }

    /** Boolean mask, shaped like {@code like}: true at positions whose every listed axis is an original unit. */
    static NDArray originalMask(List<AxisRole> roles, SpaceMaps maps, NDArray like) {
        Shape shape = like.getShape();
        NDArray mask = null;
        for (AxisRole r : roles) {
            WidthMap m = maps.of(r.space());
            float[] original = new float[m.targetSize()];
            for (int j = 0; j < original.length; j++) {
                original[j] = m.isOriginal(j) ? 1f : 0f;
            }
            NDArray axisMask = like.getManager().create(original).reshape(alongAxis(shape, r.axis(), original.length));
            mask = mask == null ? axisMask : mask.mul(axisMask);
        }
        return mask.broadcast(shape).gt(0.5f);
    }

    /** (1, …, n, …, 1) with n at {@code axis}: broadcasts a vector along that axis. */
    static Shape alongAxis(Shape shape, int axis, long n) {
        long[] dims = new long[shape.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[axis] = n;
        return new Shape(dims);
    }
}
