package dev.effitrain.core.sweep;

import dev.effitrain.core.EffitrainException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code --grid KEY=[v1,v2,...]} axes of a sweep, in the order given (the first varies slowest). */
public record SweepGrid(List<Axis> axes) {

    /** One recipe key and the values it takes, each as written (they become {@code --set KEY=VALUE}). */
    public record Axis(String key, List<String> values) {
        /** The last part of the key ({@code lr} for optimizer.lr), for directory names and legends. */
        public String shortName() {
            return key.substring(key.lastIndexOf('.') + 1);
        }
    }

    /**
     * Parses each {@code KEY=[v1,v2,...]} (a single value without brackets is a one-value axis).
     *
     * @throws EffitrainException exit 2 naming the --grid argument that is malformed or repeats a key
     */
    public static SweepGrid parse(List<String> specs) {
        List<Axis> axes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String key = eq < 0 ? "" : spec.substring(0, eq).trim();
            String list = eq < 0 ? "" : spec.substring(eq + 1).trim();
            if (key.isEmpty() || list.isEmpty()) {
                throw EffitrainException.usage("--grid " + spec + ": expected KEY=[v1,v2,...], e.g. optimizer.lr=[1e-4,3e-4,1e-3]");
            }
            if (list.startsWith("[") != list.endsWith("]")) {
                throw EffitrainException.usage("--grid " + spec + ": unbalanced brackets; expected KEY=[v1,v2,...]");
            }
            String inner = list.startsWith("[") ? list.substring(1, list.length() - 1) : list;
            List<String> values = Arrays.stream(inner.split(",", -1)).map(String::trim).toList();
            if (values.stream().anyMatch(String::isEmpty)) {
                throw EffitrainException.usage("--grid " + spec + ": an empty value; expected KEY=[v1,v2,...]");
            }
            if (new HashSet<>(values).size() != values.size()) {
                throw EffitrainException.usage("--grid " + spec + ": a value is listed twice");
            }
            if (!seen.add(key)) {
                throw EffitrainException.usage("--grid " + key + " is given twice; list all its values in one --grid");
            }
            axes.add(new Axis(key, values));
        }
        return new SweepGrid(List.copyOf(axes));
    }

    /** Number of grid points (1 for an empty grid: the recipe as it is). */
    public int points() {
        return axes.stream().mapToInt(a -> a.values().size()).reduce(1, (x, y) -> x * y);
    }
}
