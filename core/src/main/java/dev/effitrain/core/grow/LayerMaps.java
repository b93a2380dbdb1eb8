package dev.effitrain.core.grow;

/** Which source layer each target layer copies, per depth operator; -1 for a freshly made layer. */
public final class LayerMaps {
    private LayerMaps() {
    }

    /**
     * @return for each of the {@code lt} target layers, the source layer it copies, or -1
     * @throws IllegalArgumentException for a shrinking operator or one that needs layers when there are none
     */
    public static int[] growth(DepthOp op, LayerGroups groups, int ls, int lt) {
        if (lt < ls) {
            throw new IllegalArgumentException("cannot grow " + ls + " layers into " + lt);
        }
        if (ls == 0 && op.copiesLayers()) {
            throw new IllegalArgumentException(op.label() + " needs a layer to copy");
        }
        int[] map = new int[lt];
        for (int i = 0; i < lt; i++) {
            map[i] = switch (op) {
                case STACK -> i % ls;
                case INTERLEAVE -> (int) ((long) i * ls / lt);
                case COPY_TOP -> Math.min(i, ls - 1);
                case IDENTITY, RANDOM -> i < ls ? i : -1;
                case DECOALESCE -> groups == LayerGroups.ADJACENT ? i / (lt / ls) : i % ls;
                case COALESCE -> throw new IllegalArgumentException("coalesce shrinks; it cannot grow depth");
            };
        }
        return map;
    }

    /** For coalescing {@code lb} layers into {@code ls}: {@code groups[i]} lists the big layers merged into small layer i. */
    public static int[][] mergeGroups(LayerGroups groups, int lb, int ls) {
        if (ls == 0 || lb % ls != 0) {
            throw new IllegalArgumentException("cannot merge " + lb + " layers into " + ls + " equal groups");
        }
        int k = lb / ls;
        int[][] out = new int[ls][k];
        for (int i = 0; i < ls; i++) {
            for (int r = 0; r < k; r++) {
                out[i][r] = groups == LayerGroups.ADJACENT ? i * k + r : i + r * ls;
            }
        }
        return out;
    }

    /** True for the first target layer copying its source layer; extra copies and fresh layers are new. */
    public static boolean[] newLayers(int[] map) {
        boolean[] fresh = new boolean[map.length];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < map.length; i++) {
            fresh[i] = map[i] < 0 || !seen.add(map[i]);
        }
        return fresh;
    }
}
