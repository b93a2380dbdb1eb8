package dev.effitrain.core.sweep;

import java.util.List;

/**
 * What a sweep was asked: the recipe argument, the {@code --set}s every member shares, the grid and
 * the number of seeds. Kept in sweep.json so that a rerun into the same directory continues the same
 * sweep and a different one is refused.
 */
public record SweepSpec(String recipe, List<String> sets, List<SweepGrid.Axis> grid, int seeds) {
}
