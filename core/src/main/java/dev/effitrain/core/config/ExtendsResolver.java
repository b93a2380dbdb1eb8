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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a recipe file and the files it {@code extends:} (one path or a list; paths relative to the
 * including file, recursively), merging each included file under the one that includes it. Later
 * entries of an {@code extends:} list win over earlier ones, the including file over all of them.
 * Cycles are reported, not followed; a file reached twice without a cycle (two configs that extend
 * a third) is simply merged twice.
 */
final class ExtendsResolver {

    static final String KEY = "extends";
    /** Recipes are a few kB; a bigger file is something else (a data set named by mistake), not read. */
    static final long MAX_RECIPE_BYTES = 1 << 20;

    private final ValidationErrors errors;
    private final Deque<Path> chain = new ArrayDeque<>();
    private final Set<Path> read = new LinkedHashSet<>();
    private boolean unusable;

    ExtendsResolver(ValidationErrors errors) {
        this.errors = errors;
    }

    /** Every file read so far (absolute, normalized), the first loaded first. */
    Set<Path> filesRead() {
        return Collections.unmodifiableSet(read);
    }

    /** True when some file could not be parsed at all, so the merged tree is not worth binding. */
    boolean unusable() {
        return unusable;
    }

    /** Loads {@code file} (shown in messages as {@code display}); the caller has checked that it exists. */
    MapNode load(Path file, String display) {
        return load(file, display, null, null);
    }

    /** One file an {@code extends:} names, with the key path its problems are reported at ({@code extends[1]}). */
    private record Entry(ScalarNode path, String key) {
    }

    private MapNode load(Path file, String display, Origin includedFrom, String includedAt) {
        Path key = file.toAbsolutePath().normalize();
        Path dir = key.getParent();
        Origin fileOrigin = Origin.inFile(display, 0, dir);
        if (chain.contains(key)) {
            List<Path> outermostFirst = new ArrayList<>(chain);
            Collections.reverse(outermostFirst);
            String cycle = outermostFirst.stream().map(Path::getFileName).map(Path::toString)
                    .collect(Collectors.joining(" -> ")) + " -> " + key.getFileName();
            errors.add(includedFrom, includedAt, "cycle: " + cycle);
            return MapNode.empty(fileOrigin);
        }
        read.add(key);
        MapNode root = parse(file, display, dir, includedFrom, includedAt);
        ConfigNode ext = root.get(KEY);
        if (ext == null) {
            return root;
        }
        chain.push(key);
        try {
            MapNode base = MapNode.empty(fileOrigin);
            for (Entry entry : entries(ext)) {
                String path = entry.path().text();
                Path target = dir.resolve(path);
                if (!Files.isRegularFile(target)) {
                    errors.add(entry.path().origin(), entry.key(), "no such file: " + path + " (looked for " + target.normalize() + ")");
                    continue;
                }
                MapNode parent = load(target, displayPath(display, path).toString(), entry.path().origin(), entry.key());
                base = (MapNode) TreeMerger.merge(base, parent);
            }
            return (MapNode) TreeMerger.merge(base, root.without(KEY));
        } finally {
            chain.pop();
        }
    }

    private List<Entry> entries(ConfigNode ext) {
        List<ConfigNode> items = ext instanceof ListNode l ? l.items() : List.of(ext);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            String key = ext instanceof ListNode ? KEY + "[" + i + "]" : KEY;
            if (item instanceof ScalarNode s && s.isNull()) {
                continue;
            }
            if (item instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && !s.text().isBlank()) {
                out.add(new Entry(s, key));
            } else {
                errors.add(item.origin(), key, "expected a file path or a list of file paths, got " + item.describe());
            }
        }
        return out;
    }

    private MapNode parse(Path file, String display, Path dir, Origin includedFrom, String includedAt) {
        Origin fileOrigin = Origin.inFile(display, 0, dir);
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_RECIPE_BYTES) {
                errors.add(includedFrom != null ? includedFrom : fileOrigin, includedAt,
                        display + " is " + size + " bytes, too big for a recipe (at most " + MAX_RECIPE_BYTES + "); not a recipe file?");
                unusable = true;
                return MapNode.empty(fileOrigin);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof CharacterCodingException ? "not UTF-8 text" : String.valueOf(e.getMessage());
            errors.add(includedFrom != null ? includedFrom : fileOrigin, includedAt,
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
                errors.add(includedFrom, includedAt, display + " is not a recipe fragment: a recipe must be a mapping of keys "
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
