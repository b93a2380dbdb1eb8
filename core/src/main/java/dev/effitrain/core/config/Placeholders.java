package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Substitutes {@code ${key.path}} in {@code output} with the scalar at that key, e.g. {@code runs/${name}}. */
final class Placeholders {

    static final String KEY = "output";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {
    }

    static MapNode substituteOutput(MapNode root, ValidationErrors errors) {
        if (!(root.get(KEY) instanceof ScalarNode out) || out.kind() != ScalarNode.Kind.STRING || !out.text().contains("${")) {
            return root;
        }
        StringBuilder sb = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(out.text());
        boolean ok = true;
        while (m.find()) {
            String ref = m.group(1).trim();
            ConfigNode found = ref.equals(KEY) ? null : lookup(root, ref);
            if (found != null && !(found instanceof ScalarNode)) {
                if (found.origin().builtin()) {
                    // ${model}: a section, so the fault is output's
                    errors.add(out.origin(), KEY, "${" + ref + "} does not name a value in the recipe (e.g. ${name}, ${model.arch})");
                }
                // otherwise a user's key holds a list or map (e.g. name: [a, b]): binding reports it there
                ok = false;
                continue;
            }
            ScalarNode value = (ScalarNode) found;
            if (value != null && value.text().contains("${")) {
                errors.add(value.origin(), ref, "may not contain '${': it is used in output (${" + ref + "})");
                ok = false;
                continue;
            }
            if (value == null) {
                errors.add(out.origin(), KEY, "${" + ref + "} does not name a value in the recipe (e.g. ${name}, ${model.arch})");
                ok = false;
                continue;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value.text()));
        }
        m.appendTail(sb);
        if (ok && sb.indexOf("${") >= 0) {
            errors.add(out.origin(), KEY, "unterminated ${ in '" + out.text() + "'");
            ok = false;
        }
        return ok ? root.with(KEY, new ScalarNode(sb.toString(), ScalarNode.Kind.STRING, out.origin())) : root;
    }

    /** The node at {@code a.b[1]} (null for a missing key or a null scalar). */
    private static ConfigNode lookup(MapNode root, String ref) {
        List<SetOverride.Segment> segments = SetOverride.parseKey(ref);
        if (segments == null) {
            return null;
        }
        ConfigNode node = root;
        for (SetOverride.Segment s : segments) {
            if (s instanceof SetOverride.Key k && node instanceof MapNode map) {
                node = map.get(k.name());
            } else if (s instanceof SetOverride.Index i && node instanceof ListNode list && i.index() < list.items().size()) {
                node = list.items().get(i.index());
            } else {
                return null;
            }
        }
        return node instanceof ScalarNode sc && sc.isNull() ? null : node;
    }
}
