package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Layers one tree over another: mappings merge key by key, anything else (lists too) is replaced. */
final class TreeMerger {

    private TreeMerger() {
    }

    static ConfigNode merge(ConfigNode base, ConfigNode over) {
        if (base == null) {
            return over;
        }
        if (over == null) {
            return base;
        }
        // `model:` with every key commented out is null in YAML; it means "nothing to change".
        if (base instanceof MapNode && over instanceof ScalarNode s && s.isNull()) {
            return base;
        }
        if (base instanceof MapNode b && over instanceof MapNode o) {
            Map<String, ConfigNode> merged = new LinkedHashMap<>(b.entries());
            o.entries().forEach((k, v) -> merged.put(k, merge(b.get(k), v)));
            return new MapNode(merged, o.origin());
        }
        return over;
    }
}
