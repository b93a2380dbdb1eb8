package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds where a key path was written. A path that is not in the tree (a value computed from it, or
 * a key inside a raw section) is located at its nearest enclosing key.
 */
final class TreeIndex {

    private final Map<String, Origin> origins = new HashMap<>();

    private TreeIndex() {
    }

    static TreeIndex of(ConfigNode root) {
        TreeIndex index = new TreeIndex();
        index.walk(root, "");
        return index;
    }

    private void walk(ConfigNode node, String path) {
        if (!path.isEmpty()) {
            origins.put(path, node.origin());
        }
        if (node instanceof MapNode m) {
            m.entries().forEach((k, v) -> walk(v, KeyPaths.child(path, k)));
        } else if (node instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                walk(l.items().get(i), KeyPaths.index(path, i));
            }
        }
    }

    /** The origin of the path or of its nearest ancestor; null when nothing encloses it. */
    Origin locate(String path) {
        for (String p = path; p != null && !p.isEmpty(); p = KeyPaths.parent(p)) {
            Origin o = origins.get(p);
            if (o != null) {
                return o;
            }
        }
        return null;
    }
}
