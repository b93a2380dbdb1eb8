package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a tree onto records by reflection: snake_case keys to camelCase components; int, long,
 * double, boolean (boxed ones are nullable), String, enums, {@link Duration}, List, Map, nested
 * records, and {@code Object} / {@code Map<String,Object>} kept as plain values. Every problem is
 * reported with the origin of the offending key; binding goes on so that all problems show at once.
 * A value that failed is replaced by zero/null and its key path is remembered in {@link #failed()},
 * so later checks can skip it.
 */
final class Binder {

    /** A duration somewhere in the recipe, for checks on units. */
    record DurationAt(String path, Duration duration) {
    }

    private final ValidationErrors errors;
    private final Set<String> failed = new LinkedHashSet<>();
    private final List<DurationAt> durations = new ArrayList<>();

    Binder(ValidationErrors errors) {
        this.errors = errors;
    }

    Set<String> failed() {
        return failed;
    }

    List<DurationAt> durations() {
        return durations;
    }

    /** Valid YAML keys of a record type, in component order. */
    static List<String> keysOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> KeyPaths.snakeCase(c.getName())).toList();
    }

    /**
     * Binds {@code node} (null when the key is absent) to {@code type}.
     *
     * @param parent origin of the enclosing mapping, named when the key is absent
     * @param pathHint the component's {@link RecipePath}, or null
     */
    Object bind(ConfigNode node, Type type, String path, Origin parent, RecipePath pathHint) {
        Class<?> raw = rawClass(type);
        if (node == null) {
            return absent(raw, path, parent);
        }
        if (node instanceof ScalarNode s && s.isNull()) {
            if (raw.isPrimitive()) {
                fail(node.origin(), path, "a value is required (expected " + expectation(raw) + ")");
                return zero(raw);
            }
            return emptyCollection(raw);
        }
        if (raw == Object.class) {
            return PlainValues.fromNode(node);
        }
        if (List.class.isAssignableFrom(raw)) {
            return bindList(node, typeArgument(type, 0), path, pathHint);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return bindMap(node, typeArgument(type, 1), path, pathHint);
        }
        if (raw.isRecord() && raw != Duration.class) {
            return bindRecord(node, raw.asSubclass(Record.class), path);
        }
        if (!(node instanceof ScalarNode s)) {
            fail(node.origin(), path, "expected " + expectation(raw) + ", got " + node.describe());
            return zero(raw);
        }
        return bindScalar(s, raw, path, pathHint);
    }

    /** Binds a mapping onto a record; null (and an error) when it is not a mapping. */
    <T extends Record> T bindRecord(ConfigNode node, Class<T> type, String path) {
        List<String> keys = keysOf(type);
        if (!(node instanceof MapNode map)) {
            fail(node.origin(), path, "expected a mapping with keys " + String.join(", ", keys) + ", got " + node.describe());
            return null;
        }
        map.entries().forEach((key, value) -> {
            if (!keys.contains(key)) {
                errors.add(value.origin(), KeyPaths.child(path, key), DidYouMean.unknown("unknown key", key, keys));
            }
        });
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        int failedBefore = failed.size();
        for (int i = 0; i < comps.length; i++) {
            String key = keys.get(i);
            args[i] = bind(map.get(key), comps[i].getGenericType(), KeyPaths.child(path, key), map.origin(),
                    comps[i].getAnnotation(RecipePath.class));
        }
        try {
            return Reflection.construct(type, args);
        } catch (IllegalArgumentException e) {
            // A record's own checks may trip over the placeholders of values that already failed.
            if (failed.size() == failedBefore) {
                fail(map.origin(), path, String.valueOf(e.getMessage()));
            } else {
                failed.add(path);
            }
            return null;
        }
    }

    private Object absent(Class<?> raw, String path, Origin parent) {
        if (raw.isPrimitive()) {
            fail(parent, path, "required key is missing (expected " + expectation(raw) + ")");
            return zero(raw);
        }
        return emptyCollection(raw);
    }

    private static Object emptyCollection(Class<?> raw) {
        if (List.class.isAssignableFrom(raw)) {
            return List.of();
        }
        if (Map.class.isAssignableFrom(raw)) {
            return Map.of();
        }
        return null;
    }

    private List<Object> bindList(ConfigNode node, Type element, String path, RecipePath pathHint) {
        if (!(node instanceof ListNode list)) {
            fail(node.origin(), path, "expected a list, e.g. [a, b], got " + node.describe());
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            ConfigNode item = list.items().get(i);
            out.add(bind(item, element, KeyPaths.index(path, i), item.origin(), pathHint));
        }
        return Collections.unmodifiableList(out);
    }

    private Map<String, Object> bindMap(ConfigNode node, Type value, String path, RecipePath pathHint) {
        if (!(node instanceof MapNode map)) {
            fail(node.origin(), path, "expected a mapping, got " + node.describe());
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> out.put(k, bind(v, value, KeyPaths.child(path, k), v.origin(), pathHint)));
        return Collections.unmodifiableMap(out);
    }

    private Object bindScalar(ScalarNode s, Class<?> raw, String path, RecipePath pathHint) {
        boolean bool = s.kind() == ScalarNode.Kind.BOOL;
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            Long v = bool ? null : Scalars.parseWhole(s.text());
            boolean isInt = raw == int.class || raw == Integer.class;
            if (v == null || isInt && v != v.intValue()) {
                fail(s.origin(), path, "expected " + expectation(raw) + ", got " + s.describe()
                        + (v != null ? " (out of range)" : ""));
                return zero(raw);
            }
            return isInt ? (Object) v.intValue() : (Object) v;
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            Double v = bool ? null : Scalars.parseDouble(s.text());
            if (v == null) {
                fail(s.origin(), path, "expected a number, got " + s.describe());
                return zero(raw);
            }
            return raw == float.class || raw == Float.class ? (Object) v.floatValue() : (Object) v;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            Boolean v = bool || s.kind() == ScalarNode.Kind.STRING ? Scalars.parseBoolean(s.text()) : null;
            if (v == null) {
                fail(s.origin(), path, "expected true or false, got " + s.describe());
                return zero(raw);
            }
            return v;
        }
        if (raw == String.class) {
            return pathHint == null ? s.text() : absolutePath(s, path, pathHint);
        }
        if (raw == Duration.class) {
            try {
                if (bool) {
                    throw new IllegalArgumentException("expected a duration such as 500ba, 2ep or 0.1dur, got " + s.describe());
                }
                Duration d = Duration.parse(s.text());
                durations.add(new DurationAt(path, d));
                return d;
            } catch (IllegalArgumentException e) {
                fail(s.origin(), path, e.getMessage());
                return null;
            }
        }
        if (raw.isEnum()) {
            for (Object constant : raw.getEnumConstants()) {
                if (KeyPaths.normalize(((Enum<?>) constant).name()).equals(KeyPaths.normalize(s.text()))) {
                    return constant;
                }
            }
            fail(s.origin(), path, DidYouMean.unknown("unknown value " + s.describe(), s.text(), enumNames(raw), "expected one of"));
            return null;
        }
        throw new IllegalStateException("recipe binding does not support type " + raw.getName() + " (at " + path + ")");
    }

    private String absolutePath(ScalarNode s, String path, RecipePath hint) {
        String text = s.text();
        if (Arrays.asList(hint.keywords()).contains(text) || text.isEmpty()) {
            return text;
        }
        try {
            Path p = text.equals("~") || text.startsWith("~/")
                    ? Path.of(System.getProperty("user.home") + text.substring(1))
                    : Path.of(text);
            Path base = s.origin().baseDir() != null ? s.origin().baseDir() : Path.of("").toAbsolutePath();
            return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
        } catch (InvalidPathException e) {
            fail(s.origin(), path, "not a valid path: " + s.describe());
            return text;
        }
    }

    private void fail(Origin origin, String path, String message) {
        errors.add(origin, path, message);
        failed.add(path);
    }

    private static List<String> enumNames(Class<?> raw) {
        return Arrays.stream(raw.getEnumConstants()).map(c -> (String) PlainValues.fromObject(c)).collect(Collectors.toList());
    }

    private static String expectation(Class<?> raw) {
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == Duration.class) {
            return "a duration such as 500ba, 2ep or 0.1dur";
        }
        if (raw.isEnum()) {
            return "one of " + String.join(", ", enumNames(raw));
        }
        return "a string";
    }

    private static Object zero(Class<?> raw) {
        if (raw == int.class) {
            return 0;
        }
        if (raw == long.class) {
            return 0L;
        }
        if (raw == double.class) {
            return 0.0;
        }
        if (raw == float.class) {
            return 0.0f;
        }
        if (raw == boolean.class) {
            return false;
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int i) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            Type arg = p.getActualTypeArguments()[i];
            return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
        }
        return Object.class;
    }
}
