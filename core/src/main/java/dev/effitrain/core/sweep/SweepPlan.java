package dev.effitrain.core.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a sweep: every grid point times every seed, in a fixed order (the first grid key
 * varies slowest, the seed fastest). Only the grid, the seed count and the recipe's seed decide
 * it, so a rerun, or a Slurm array task, finds the same member at the same index.
 */
public final class SweepPlan {
    public static final String MEMBERS_DIR = "members";

    private SweepPlan() {
    }

    /** Seeds are {@code baseSeed, baseSeed + 1, ..., baseSeed + seeds - 1}. */
    public static List<SweepMember> members(SweepGrid grid, int seeds, long baseSeed) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (SweepGrid.Axis axis : grid.axes()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : axis.values()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(axis.key(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        List<SweepMember> out = new ArrayList<>();
        int width = String.valueOf(points.size() * seeds - 1).length();
        for (Map<String, String> p : points) {
            for (int s = 0; s < seeds; s++) {
                int index = out.size();
                long seed = baseSeed + s;
                out.add(new SweepMember(index, Collections.unmodifiableMap(p), seed,
                        dirName(index, width, grid, p, seed)));
            }
        }
        return List.copyOf(out);
    }

    /** {@code 03-lr=0.001-qk_norm=true-seed=1}: ordered by index, readable, safe as a file name. */
    private static String dirName(int index, int width, SweepGrid grid, Map<String, String> point, long seed) {
        StringBuilder b = new StringBuilder(String.format("%0" + Math.max(2, width) + "d", index));
        for (SweepGrid.Axis a : grid.axes()) {
            b.append('-').append(a.shortName()).append('=').append(point.get(a.key()));
        }
        b.append("-seed=").append(seed);
        return b.toString().replaceAll("[^A-Za-z0-9._=+-]", "_");
    }
}
