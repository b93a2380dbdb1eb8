package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A recipe (or config) as one file that needs no other: the file itself when it extends nothing,
 * else every file its {@code extends:} lists name, recursively, merged into one YAML as the loader
 * merges them (the files only, not the built-in defaults), under the file's leading comment.
 * Small mappings and lists are written inline, as recipes are.
 */
public final class StandaloneRecipe {
    private static final int INLINE_WIDTH = 100;
    private static final Yaml STRINGS = new Yaml(stringOptions());

    private StandaloneRecipe() {
    }

    public static String text(Path file) {
        String original;
        try {
            original = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ValidationErrors errors = new ValidationErrors();
        MapNode raw = YamlTreeReader.read(new java.io.StringReader(original), m -> Origin.inFile(file.toString(), 0, null), "", errors).root()
                instanceof MapNode m ? m : null;
        if (raw == null || raw.get(ExtendsResolver.KEY) == null) {
            return original;
        }
        MapNode merged = new ExtendsResolver(errors).load(file, file.toString());
        if (!errors.isEmpty()) {
            throw new ValidationErrors.RecipeException(errors.problems());
        }
        StringBuilder out = new StringBuilder(leadingComment(original));
        out.append("# Standalone: ").append(file.getFileName()).append(" with its extends: merged in.\n");
        inRecipeOrder(merged).forEach((k, v) -> block(out, k, v, ""));
        return out.toString();
    }

    /**
     * Top-level keys in the order of the built-in defaults (name, trainer, ..., train), then the
     * rest (trainer sections) as merged; a merge alone would put the parents' keys first.
     */
    private static Map<String, ConfigNode> inRecipeOrder(MapNode merged) {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (String key : BuiltinDefaults.core(null).entries().keySet()) {
            if (merged.get(key) != null) {
                out.put(key, merged.get(key));
            }
        }
        merged.entries().forEach(out::putIfAbsent);
        return out;
    }

    /** The files {@code file} is made of: itself, then every file its {@code extends:} reaches (absolute, normalized). */
    public static Set<Path> sources(Path file) {
        ExtendsResolver resolver = new ExtendsResolver(new ValidationErrors());
        resolver.load(file, file.toString());
        return resolver.filesRead();
    }

    private static String leadingComment(String text) {
        StringBuilder c = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            c.append(line).append('\n');
        }
        return c.toString();
    }

    private static void block(StringBuilder out, String key, ConfigNode v, String indent) {
        String head = indent + key(key) + ":";
        String inline = v instanceof ScalarNode s ? scalar(s, false) : inline(v);
        if (v instanceof ScalarNode || head.length() + 1 + inline.length() <= INLINE_WIDTH) {
            out.append(head).append(' ').append(inline).append('\n');
        } else if (v instanceof MapNode m) {
            out.append(head).append('\n');
            m.entries().forEach((k, e) -> block(out, k, e, indent + "  "));
        } else {
            out.append(head).append('\n');
            for (ConfigNode item : ((ListNode) v).items()) {
                out.append(indent).append("  - ").append(inline(item)).append('\n');
            }
        }
    }

    private static String inline(ConfigNode v) {
        if (v instanceof ScalarNode s) {
            return scalar(s, true);
        }
        if (v instanceof ListNode l) {
            return "[" + String.join(", ", l.items().stream().map(StandaloneRecipe::inline).toList()) + "]";
        }
        Map<String, ConfigNode> entries = ((MapNode) v).entries();
        List<String> parts = entries.entrySet().stream().map(e -> key(e.getKey()) + ": " + inline(e.getValue())).toList();
        return parts.isEmpty() ? "{}" : "{ " + String.join(", ", parts) + " }";
    }

    /** A string as YAML reads it back as that string; inside {@code { }} or {@code [ ]} one with , [ ] { } is quoted. */
    private static String scalar(ScalarNode s, boolean inFlow) {
        if (s.kind() != ScalarNode.Kind.STRING) {
            return s.text();
        }
        if (inFlow && s.text().matches(".*[,\\[\\]{}].*")) {
            return '"' + s.text().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return STRINGS.dump(s.text()).strip();
    }

    private static String key(String k) {
        return STRINGS.dump(k).strip();
    }

    private static DumperOptions stringOptions() {
        DumperOptions o = new DumperOptions();
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        return o;
    }
}
