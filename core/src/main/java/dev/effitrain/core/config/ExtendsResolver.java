package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.ListNode;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a recipe file and the chain of files it {@code extends:} (paths relative to the including
 * file, recursively), merging each included file under the one that includes it. Later entries of
 * an {@code extends:} list win over earlier ones. Cycles are reported, not followed.
 */
final class ExtendsResolver {

    static final String KEY = "extends";
    /** Recipes are a few kB; a bigger file is something else (a data set named by mistake), not read. */
    static final long MAX_RECIPE_BYTES = 1 << 20;

    private final ValidationErrors errors;
    private final Deque<Path> chain = new ArrayDeque<>();
    private boolean unusable;

    ExtendsResolver(ValidationErrors errors) {
        this.errors = errors;
    }

    /** True when some file could not be parsed at all, so the merged tree is not worth binding. */
    boolean unusable() {
        return unusable;
    }

    /** Loads {@code file} (shown in messages as {@code display}); the caller has checked that it exists. */
    MapNode load(Path file, String display) {
        return load(file, display, null);
    }

    private MapNode load(Path file, String display, Origin includedFrom) {
        Path key = file.toAbsolutePath().normalize();
        Path dir = key.getParent();
        Origin fileOrigin = Origin.inFile(display, 0, dir);
        if (chain.contains(key)) {
            List<Path> outermostFirst = new ArrayList<>(chain);
            Collections.reverse(outermostFirst);
            String cycle = outermostFirst.stream().map(Path::getFileName).map(Path::toString)
                    .collect(Collectors.joining(" -> ")) + " -> " + key.getFileName();
            errors.add(includedFrom, KEY, "cycle: " + cycle);
            return MapNode.empty(fileOrigin);
        }
        MapNode root = parse(file, display, dir, includedFrom);
        ConfigNode ext = root.get(KEY);
        if (ext == null) {
            return root;
        }
        chain.push(key);
        try {
            MapNode base = MapNode.empty(fileOrigin);
            for (ScalarNode entry : entries(ext)) {
                Path target = dir.resolve(entry.text());
                Path targetDisplay = displayPath(display, entry.text());
                if (!Files.isRegularFile(target)) {
                    errors.add(entry.origin(), KEY, "no such file: " + entry.text() + " (looked for " + target.normalize() + ")");
                    continue;
                }
                base = (MapNode) TreeMerger.merge(base, load(target, targetDisplay.toString(), entry.origin()));
            }
            return (MapNode) TreeMerger.merge(base, root.without(KEY));
        } finally {
            chain.pop();
        }
    }

    private List<ScalarNode> entries(ConfigNode ext) {
        List<ConfigNode> items = ext instanceof ListNode l ? l.items() : List.of(ext);
        List<ScalarNode> out = new ArrayList<>();
        for (ConfigNode item : items) {
            if (item instanceof ScalarNode s && s.isNull()) {
                continue;
            }
            if (item instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && !s.text().isBlank()) {
                out.add(s);
            } else {
                errors.add(item.origin(), KEY, "expected a file path or a list of file paths, got " + item.describe());
            }
        }
        return out;
    }

    private MapNode parse(Path file, String display, Path dir, Origin includedFrom) {
        Origin fileOrigin = Origin.inFile(display, 0, dir);
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_RECIPE_BYTES) {
                errors.add(includedFrom != null ? includedFrom : fileOrigin, includedFrom != null ? KEY : null,
                        display + " is " + size + " bytes, too big for a recipe (at most " + MAX_RECIPE_BYTES + "); not a recipe file?");
                unusable = true;
                return MapNode.empty(fileOrigin);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof CharacterCodingException ? "not UTF-8 text" : String.valueOf(e.getMessage());
            errors.add(includedFrom != null ? includedFrom : fileOrigin, includedFrom != null ? KEY : null,
                    "cannot read " + display + ": " + why);
            unusable = true;
            return MapNode.empty(fileOrigin);
        }
        YamlTreeReader.Result r = YamlTreeReader.read(new java.io.StringReader(text),
                mark -> Origin.inFile(display, mark == null ? 0 : mark.getLine() + 1, dir), "", errors);
        if (r.syntaxError()) {
            unusable = true;
            return MapNode.empty(fileOrigin);
        }
        if (r.root() == null || r.root() instanceof ScalarNode s && s.isNull()) {
            return MapNode.empty(fileOrigin);
        }
        if (!(r.root() instanceof MapNode m)) {
            // the kind and size only: the file may be anything (extends: /etc/shadow), its content is not echoed
            String found = r.root().describeKind() + " (" + text.length() + " characters)";
            if (includedFrom != null) {
                errors.add(includedFrom, KEY, display + " is not a recipe fragment: a recipe must be a mapping of keys "
                        + "(name:, model:, ...), but the file holds " + found);
            } else {
                errors.add(r.root().origin(), null, "a recipe must be a mapping of keys (name:, model:, ...), but the file holds " + found);
            }
            unusable = true;
            return MapNode.empty(fileOrigin);
        }
        return m;
    }

    /** How an included file is named in messages: relative to where the including file was named. */
    private static Path displayPath(String includingDisplay, String relative) {
        Path parent = Path.of(includingDisplay).getParent();
        Path p = parent == null ? Path.of(relative) : parent.resolve(relative);
        return p.normalize();
    }
}
