package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --set KEY=VALUE} argument: {@code model.layers=6}, {@code optimizer.betas[1]=0.99},
 * {@code optimizer.betas=[0.9,0.99]}, {@code model={layers: 6, heads: 2}}. The value is read as YAML
 * (flow scalar, sequence or mapping). A key that does not exist is added, so the binder reports it
 * with the same did-you-mean as a misspelled key in a file.
 */
record SetOverride(String argument, List<Segment> segments, ConfigNode value, Origin origin) {

    /** A step along the key path: a mapping key or a list index. */
    sealed interface Segment permits Key, Index {
    }

    record Key(String name) implements Segment {
    }

    record Index(int index) implements Segment {
    }

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_\\-]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** Parses every argument, reporting malformed ones; the result holds only the good ones. */
    static List<SetOverride> parseAll(List<String> arguments, ValidationErrors errors) {
        List<SetOverride> out = new ArrayList<>();
        for (String arg : arguments == null ? List.<String>of() : arguments) {
            SetOverride s = parse(arg, errors);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    static SetOverride parse(String argument, ValidationErrors errors) {
        Origin origin = Origin.ofSet(argument);
        int eq = argument.indexOf('=');
        if (eq < 0) {
            errors.add(origin, null, "expected KEY=VALUE, e.g. --set model.layers=6");
            return null;
        }
        String key = argument.substring(0, eq).trim();
        List<Segment> segments = parseKey(key);
        if (segments == null) {
            errors.add(origin, null, "bad key '" + key
                    + "': expected names separated by dots, with optional [index], e.g. optimizer.betas[1]=0.99");
            return null;
        }
        if (segments.get(0).equals(new Key(ExtendsResolver.KEY))) {
            errors.add(origin, ExtendsResolver.KEY, "cannot be set with --set; write it in the recipe");
            return null;
        }
        int before = errors.count();
        YamlTreeReader.Result r = YamlTreeReader.read(new StringReader(argument.substring(eq + 1)),
                mark -> origin, key, errors);
        if (errors.count() > before) {
            return null;
        }
        ConfigNode value = r.root() == null ? ScalarNode.nullAt(origin) : r.root();
        return new SetOverride(argument, segments, value, origin);
    }

    /** Parses {@code a.b[1].c}; null when malformed. */
    static List<Segment> parseKey(String key) {
        if (key.isEmpty()) {
            return null;
        }
        List<Segment> out = new ArrayList<>();
        for (String part : key.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                return null;
            }
            out.add(new Key(m.group(1)));
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                try {
                    out.add(new Index(Integer.parseInt(idx.group(1))));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return out;
    }

    /** The key path as shown in messages. */
    String path(int upTo) {
        String p = "";
        for (Segment s : segments.subList(0, upTo)) {
            p = s instanceof Key k ? KeyPaths.child(p, k.name()) : KeyPaths.index(p, ((Index) s).index());
        }
        return p;
    }

    /** Applies this override to {@code root}; problems (index out of range, not a list) go to errors. */
    ConfigNode applyTo(ConfigNode root, ValidationErrors errors) {
        return apply(root, 0, errors);
    }

    private ConfigNode apply(ConfigNode node, int i, ValidationErrors errors) {
        if (i == segments.size()) {
            // A mapping given for a mapping merges into it, like a file layered over defaults.
            return node instanceof MapNode && value instanceof MapNode ? TreeMerger.merge(node, value) : value;
        }
        Segment seg = segments.get(i);
        if (seg instanceof Key k) {
            if (node instanceof ScalarNode s && s.isNull()) {
                node = null;   // a key set inside a null default (optimizer.lr_scaling: null) makes the mapping
            }
            if (node != null && !(node instanceof MapNode)) {
                errors.add(origin, path(i), "cannot set '" + k.name() + "' inside " + node.describe());
                return node;
            }
            MapNode map = node == null ? MapNode.empty(origin) : (MapNode) node;
            ConfigNode child = map.get(k.name());
            if (child == null && i + 1 < segments.size() && segments.get(i + 1) instanceof Index) {
                child = new ListNode(List.of(), origin);
            }
            return map.with(k.name(), apply(child, i + 1, errors));
        }
        int index = ((Index) seg).index();
        if (!(node instanceof ListNode list)) {
            errors.add(origin, path(i), "cannot use [" + index + "]: the value is " + (node == null ? "missing" : node.describe()));
            return node;
        }
        if (index >= list.items().size()) {
            errors.add(origin, path(i + 1), "index " + index + " is out of range: the list has "
                    + list.items().size() + " item" + (list.items().size() == 1 ? "" : "s"));
            return node;
        }
        List<ConfigNode> items = new ArrayList<>(list.items());
        items.set(index, apply(items.get(index), i + 1, errors));
        return new ListNode(items, list.origin());
    }
}
