package dev.effitrain.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Key-by-key differences between two resolved recipes (the YAML that {@link ResolvedRecipe} writes):
 * {@code model.layers: 4 -> 2}. Mappings are compared key by key, lists of mappings item by item,
 * other lists and scalars as whole values.
 */
public final class RecipeDiff {

    /** One key whose value differs; {@code before} or {@code after} is {@link #ABSENT} when one side lacks the key. */
    public record Change(String key, Object before, Object after) {
        @Override
        public String toString() {
            return key + ": " + show(before) + " -> " + show(after);
        }

        /** The top-level section or key the change is in: {@code model} for {@code model.layers}. */
        public String section() {
            int cut = key.indexOf('.');
            int bracket = key.indexOf('[');
            int end = cut < 0 ? bracket : bracket < 0 ? cut : Math.min(cut, bracket);
            return end < 0 ? key : key.substring(0, end);
        }
    }

    /** Marks a key that one of the two recipes does not have. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    private RecipeDiff() {
    }

    /** The changes from {@code before} to {@code after}, in the order of {@code before}'s keys, then new keys. */
    public static List<Change> between(String beforeYaml, String afterYaml) {
        List<Change> out = new ArrayList<>();
        compare("", load(beforeYaml), load(afterYaml), out);
        return out;
    }

    private static Object load(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static void compare(String path, Object before, Object after, List<Change> out) {
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            Set<Object> keys = new LinkedHashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (Object k : keys) {
                compare(KeyPaths.child(path, String.valueOf(k)), b.containsKey(k) ? b.get(k) : ABSENT,
                        a.containsKey(k) ? a.get(k) : ABSENT, out);
            }
        } else if (before instanceof List<?> b && after instanceof List<?> a && b.size() == a.size() && hasMappings(b)) {
            for (int i = 0; i < b.size(); i++) {
                compare(KeyPaths.index(path, i), b.get(i), a.get(i), out);
            }
        } else if (!Objects.equals(before, after)) {
            out.add(new Change(path, before, after));
        }
    }

    private static boolean hasMappings(List<?> items) {
        return items.stream().anyMatch(i -> i instanceof Map || i instanceof List);
    }

    private static String show(Object value) {
        return value == null ? "null" : value instanceof Map ? "{...}" : String.valueOf(value);
    }
}
