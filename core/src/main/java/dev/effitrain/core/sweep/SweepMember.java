package dev.effitrain.core.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: a grid point and a seed. Its run directory is {@code DIR/members/<dirName>},
 * an ordinary run directory; {@link #overrides()} are the {@code --set}s that make it.
 *
 * @param index    position in the sweep's member list (0-based; a Slurm array task id)
 * @param settings grid key → value, in grid order
 * @param seed     the recipe's {@code seed} for this member
 */
public record SweepMember(int index, Map<String, String> settings, long seed, String dirName) {

    /** {@code KEY=VALUE} for each grid setting, then {@code seed=N}. */
    public List<String> overrides() {
        List<String> out = new ArrayList<>();
        settings.forEach((k, v) -> out.add(k + "=" + v));
        out.add("seed=" + seed);
        return out;
    }

    /** The settings without {@code key}: what one line of the sensitivity plot shares. */
    public Map<String, String> settingsWithout(String key) {
        Map<String, String> rest = new LinkedHashMap<>(settings);
        rest.remove(key);
        return rest;
    }
}
