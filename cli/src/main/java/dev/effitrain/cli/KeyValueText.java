package dev.effitrain.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text form of {@code env} and {@code inspect}: one {@code key  value} line per entry, keys
 * aligned in a column, nested mappings indented under their key, whole numbers without
 * {@code .0}, lists as {@code a, b}, keys in snake_case as in the JSON output.
 */
final class KeyValueText {
    private KeyValueText() {
    }

    /** Prints {@code entries} (values: plain Java values, maps, lists, arrays or Gson elements) at {@code indent}. */
    static void print(PrintWriter out, Map<String, ?> entries, String indent) {
        int width = entries.keySet().stream().mapToInt(k -> snake(k).length()).max().orElse(0);
        entries.forEach((k, v) -> {
            Object value = plain(v);
            if (value instanceof Map<?, ?> m && !m.isEmpty()) {
                out.println(indent + snake(k));
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                print(out, nested, indent + "  ");
            } else {
                out.println(indent + pad(snake(k), width) + "  " + text(value));
            }
        });
        out.flush();
    }

    static String text(Object value) {
        Object v = plain(value);
        if (v == null) {
            return "-";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(KeyValueText::text).collect(Collectors.joining(", "));
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> snake(String.valueOf(e.getKey())) + " " + text(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** Gson elements and arrays as Java maps, lists and numbers. */
    private static Object plain(Object v) {
        if (v instanceof JsonObject o) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            o.entrySet().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v instanceof JsonArray a) {
            List<Object> l = new ArrayList<>();
            a.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (v instanceof JsonPrimitive p) {
            return p.isNumber() ? (Object) p.getAsDouble() : p.isBoolean() ? (Object) p.getAsBoolean() : p.getAsString();
        }
        if (v instanceof JsonElement e && e.isJsonNull()) {
            return null;
        }
        if (v instanceof long[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        return v;
    }

    private static String snake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
