package dev.effitrain.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe as a tree that remembers where every value came from. YAML files, defaults and
 * {@code --set} overrides become these nodes; merging and overriding happen here, binding to the
 * typed records comes last. Nodes are immutable: edits return new nodes.
 */
sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {

    Origin origin();

    /** How the value reads in an error message: {@code 'abc'}, {@code a mapping}, {@code a list}. */
    String describe();

    /** The kind of value without the value itself ({@code a string}): for files whose content must not be echoed. */
    default String describeKind() {
        return describe();
    }

    /** A mapping; for an entry value the origin is the line of its key. */
    record MapNode(Map<String, ConfigNode> entries, Origin origin) implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static MapNode empty(Origin origin) {
            return new MapNode(Map.of(), origin);
        }

        ConfigNode get(String key) {
            return entries.get(key);
        }

        MapNode with(String key, ConfigNode value) {
            Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
            copy.put(key, value);
            return new MapNode(copy, origin);
        }

        MapNode without(String key) {
            Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
            copy.remove(key);
            return new MapNode(copy, origin);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(List<ConfigNode> items, Origin origin) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar with the type YAML resolved for it (a quoted {@code "5"} is a STRING). */
    record ScalarNode(String text, Kind kind, Origin origin) implements ConfigNode {
        enum Kind { STRING, INT, FLOAT, BOOL, NULL }

        static ScalarNode nullAt(Origin origin) {
            return new ScalarNode("null", Kind.NULL, origin);
        }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return isNull() ? "null" : "'" + text + "'";
        }

        @Override
        public String describeKind() {
            return switch (kind) {
                case NULL -> "null";
                case STRING -> "a string";
                case INT, FLOAT -> "a number";
                case BOOL -> "a boolean";
            };
        }
    }
}
