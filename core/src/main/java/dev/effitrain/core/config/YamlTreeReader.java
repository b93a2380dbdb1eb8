package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.io.Reader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Composes YAML with SnakeYAML (no object construction) and converts the node graph into a
 * {@link ConfigNode} tree that keeps line numbers. Syntax errors and duplicate keys become problems
 * that name the file and line.
 */
final class YamlTreeReader {

    /** Turns a SnakeYAML mark (0-based line) into an origin; a {@code --set} value maps every mark to the argument. */
    interface Origins extends Function<Mark, Origin> {
    }

    private final Origins origins;
    private final ValidationErrors errors;
    /**
     * Aliases make a document a graph that expands into a tree; a few dozen of them nested can
     * expand into billions of values ("billion laughs"). Reading stops at this many.
     */
    static final int MAX_VALUES = 100_000;

    private final Set<Node> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    /** Thrown out of the recursion when the expanded document exceeds {@link #MAX_VALUES}. */
    private static final class TooManyValues extends RuntimeException {
        private final Origin at;

        TooManyValues(Origin at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private YamlTreeReader(Origins origins, ValidationErrors errors) {
        this.origins = origins;
        this.errors = errors;
    }

    /** Result of reading: the tree (null for an empty document) and whether the text was unusable. */
    record Result(ConfigNode root, boolean syntaxError) {
    }

    /**
     * Reads one YAML document.
     *
     * @param keyPrefix key path the document sits at, for messages (empty for a whole file)
     */
    static Result read(Reader reader, Origins origins, String keyPrefix, ValidationErrors errors) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Origin at = origins.apply(mark);
            String where = mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")";
            String context = e.getContext() == null ? "" : e.getContext().trim() + ": ";
            errors.add(at.file(), at.line(), null, "YAML syntax error: " + context + e.getProblem() + where);
            return new Result(null, true);
        } catch (YAMLException e) {
            Origin at = origins.apply(null);
            errors.add(at.file(), at.line(), null, "YAML error: " + e.getMessage().lines().findFirst().orElse(""));
            return new Result(null, true);
        }
        if (node == null) {
            return new Result(null, false);
        }
        YamlTreeReader r = new YamlTreeReader(origins, errors);
        try {
            return new Result(r.convert(node, keyPrefix, origins.apply(node.getStartMark())), false);
        } catch (TooManyValues e) {
            errors.add(e.at.file(), e.at.line(), null, "the document expands to more than " + MAX_VALUES
                    + " values (aliases of aliases?); a recipe is far smaller");
            return new Result(null, true);
        }
    }

    private ConfigNode convert(Node node, String path, Origin origin) {
        if (++values > MAX_VALUES) {
            throw new TooManyValues(origin);
        }
        if (!inProgress.add(node)) {
            errors.add(origin.file(), origin.line(), path, "a YAML alias refers to itself");
            return ScalarNode.nullAt(origin);
        }
        try {
            if (node instanceof MappingNode m) {
                return convertMap(m, path, origin);
            }
            if (node instanceof SequenceNode s) {
                List<ConfigNode> items = new ArrayList<>();
                for (Node item : s.getValue()) {
                    items.add(convert(item, KeyPaths.index(path, items.size()), origins.apply(item.getStartMark())));
                }
                return new ListNode(items, origin);
            }
            org.yaml.snakeyaml.nodes.ScalarNode sc = (org.yaml.snakeyaml.nodes.ScalarNode) node;
            return new ScalarNode(sc.getValue(), kindOf(sc.getTag()), origin);
        } finally {
            inProgress.remove(node);
        }
    }

    private MapNode convertMap(MappingNode m, String path, Origin origin) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, Origin> keyOrigins = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Origin keyOrigin = origins.apply(t.getKeyNode().getStartMark());
            if (!(t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode keyNode)) {
                errors.add(keyOrigin.file(), keyOrigin.line(), path, "keys must be plain names, not lists or mappings");
                continue;
            }
            String key = keyNode.getValue();
            String keyPath = KeyPaths.child(path, key);
            if (keyNode.getTag().equals(Tag.MERGE)) {
                errors.add(keyOrigin.file(), keyOrigin.line(), keyPath, "YAML merge keys (<<) are not supported; use extends:");
                continue;
            }
            Origin first = keyOrigins.get(key);
            if (first != null) {
                errors.add(keyOrigin.file(), keyOrigin.line(), keyPath,
                        "duplicate key (first set at line " + first.line() + ")");
                continue;
            }
            keyOrigins.put(key, keyOrigin);
            entries.put(key, convert(t.getValueNode(), keyPath, keyOrigin));
        }
        return new MapNode(entries, origin);
    }

    private static ScalarNode.Kind kindOf(Tag tag) {
        if (tag.equals(Tag.INT)) {
            return ScalarNode.Kind.INT;
        }
        if (tag.equals(Tag.FLOAT)) {
            return ScalarNode.Kind.FLOAT;
        }
        if (tag.equals(Tag.BOOL)) {
            return ScalarNode.Kind.BOOL;
        }
        if (tag.equals(Tag.NULL)) {
            return ScalarNode.Kind.NULL;
        }
        return ScalarNode.Kind.STRING;
    }
}
