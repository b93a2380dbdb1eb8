package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.MapNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The lowest layers of every recipe: {@code effitrain/defaults.yaml} and a trainer module's defaults. */
final class BuiltinDefaults {

    static final String RESOURCE = "effitrain/defaults.yaml";

    private BuiltinDefaults() {
    }

    /** The built-in defaults; relative paths in them would resolve against {@code baseDir}. */
    static MapNode core(Path baseDir) {
        try (InputStream in = BuiltinDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE, baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trainer module's {@code defaultsYaml()}, or an empty mapping when it has none. */
    static MapNode trainer(String trainerName, String yaml, Path baseDir, ValidationErrors errors) {
        String label = "trainer '" + trainerName + "' defaults";
        if (yaml == null || yaml.isBlank()) {
            return MapNode.empty(new Origin(label, 0, baseDir, true));
        }
        YamlTreeReader.Result r = YamlTreeReader.read(new StringReader(yaml),
                mark -> new Origin(label, mark == null ? 0 : mark.getLine() + 1, baseDir, true), "", errors);
        if (r.root() instanceof MapNode m) {
            return m;
        }
        if (!r.syntaxError() && r.root() != null) {
            errors.add(r.root().origin(), null, "trainer defaults must be a mapping of recipe keys");
        }
        return MapNode.empty(new Origin(label, 0, baseDir, true));
    }

    private static MapNode parse(Reader reader, String label, Path baseDir) {
        ValidationErrors errors = new ValidationErrors();
        YamlTreeReader.Result r = YamlTreeReader.read(reader,
                mark -> new Origin(label, mark == null ? 0 : mark.getLine() + 1, baseDir, true), "", errors);
        if (!errors.isEmpty() || !(r.root() instanceof MapNode m)) {
            throw new IllegalStateException("built-in " + label + " is broken: " + errors.problems());
        }
        return m;
    }
}
