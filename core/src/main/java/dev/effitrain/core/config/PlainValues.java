package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conversions between trees, typed records and plain Java values (Map / List / String / Integer /
 * Long / Double / Boolean / null): plain values are what raw {@code Map<String,Object>} sections
 * hold, what JSON output serialises and what the resolved YAML is dumped from.
 */
final class PlainValues {

    private PlainValues() {
    }

    /** A tree as plain values; scalars get the type YAML gave them. */
    static Object fromNode(ConfigNode node) {
        if (node instanceof MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, fromNode(v)));
            return out;
        }
        if (node instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(fromNode(i)));
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        return switch (s.kind()) {
            case NULL -> null;
            case BOOL -> Scalars.parseBoolean(s.text());
            case INT -> {
                Long v = Scalars.parseWhole(s.text());
                yield v == null ? s.text() : v == v.intValue() ? (Object) v.intValue() : (Object) v;
            }
            case FLOAT -> {
                Double v = Scalars.parseDouble(s.text());
                yield v == null ? s.text() : v;
            }
            case STRING -> s.text();
        };
    }

    /** Plain values (or records) as a tree whose every node has {@code origin}. */
    static ConfigNode toNode(Object value, Origin origin) {
        Object plain = fromObject(value);
        if (plain instanceof Map<?, ?> m) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            m.forEach((k, v) -> entries.put(String.valueOf(k), toNode(v, origin)));
            return new MapNode(entries, origin);
        }
        if (plain instanceof List<?> l) {
            List<ConfigNode> items = new ArrayList<>();
            l.forEach(v -> items.add(toNode(v, origin)));
            return new ListNode(items, origin);
        }
        if (plain == null) {
            return ScalarNode.nullAt(origin);
        }
        ScalarNode.Kind kind = plain instanceof Boolean ? ScalarNode.Kind.BOOL
                : plain instanceof Double ? ScalarNode.Kind.FLOAT
                : plain instanceof Number ? ScalarNode.Kind.INT
                : ScalarNode.Kind.STRING;
        return new ScalarNode(plain.toString(), kind, origin);
    }

    /**
     * A bound value as plain values: records become maps with YAML key names in component order,
     * durations their text ({@code 500ba}), enums their lower-case name.
     */
    static Object fromObject(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Duration d) {
            return d.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Record r) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                out.put(KeyPaths.snakeCase(c.getName()), fromObject(Reflection.get(c, r)));
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), fromObject(v)));
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(fromObject(v)));
            return out;
        }
        return value.toString();
    }
}
