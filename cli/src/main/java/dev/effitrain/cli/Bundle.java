package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The recipes and configs shipped with effitrain: a folder holding {@code recipes/*.yaml} and
 * {@code configs/**}{@code /*.yaml} side by side, so that a recipe's {@code extends: [../configs/...]}
 * finds its fragments. The folder is the launcher's checkout or release archive (its recipes folder
 * comes as {@code -Deffitrain.recipes.dir}, so an edit needs no rebuild), else the jar's
 * {@code effitrain/} resources, which are written to a temporary folder when a file is needed.
 * A recipe is named by its file's stem ({@code quickstart}), a config by its path without
 * {@code .yaml} ({@code configs/models/gpt-small}).
 */
final class Bundle {
    static final String RECIPES = "recipes";
    static final String CONFIGS = "configs";
    private static final String YAML = ".yaml";
    private static Path extracted;

    private Bundle() {
    }

    /** Runnable recipes, sorted. */
    static List<String> recipes() {
        return withRoot(root -> names(root.resolve(RECIPES), false));
    }

    /** Fragments for {@code extends:}, sorted, each as {@code configs/FOLDER/NAME}. */
    static List<String> configs() {
        return withRoot(root -> names(root.resolve(CONFIGS), true));
    }

    private static boolean isConfig(String name) {
        return strip(name).startsWith(CONFIGS + "/");
    }

    /** The text of a recipe or config; exit 2 naming the available ones when there is none of that name. */
    static String text(String name) {
        String rel = relativePath(name);
        return withRoot(root -> {
            try {
                return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A recipe or config as a file on disk, with the other bundled files where its {@code extends:} expects them. */
    static Path file(String name) {
        String rel = relativePath(name);
        Path dir = folder();
        return (dir != null ? dir : extracted()).resolve(rel);
    }

    /** {@code recipes/NAME.yaml} or {@code configs/.../NAME.yaml} for a bundled name; else exit 2. */
    private static String relativePath(String name) {
        String n = strip(name);
        boolean config = isConfig(n);
        if (!(config ? configs() : recipes()).contains(n)) {
            throw EffitrainException.usage("no bundled " + (config ? "config" : "recipe") + " '" + name + "'; available: "
                    + String.join(", ", config ? configs() : recipes()));
        }
        return config ? n + YAML : RECIPES + "/" + n + YAML;
    }

    private static String strip(String name) {
        return name.endsWith(YAML) ? name.substring(0, name.length() - YAML.length()) : name;
    }

    /** The folder beside the launcher's recipes folder; null when running from the jar alone. */
    private static Path folder() {
        String dir = System.getProperty("effitrain.recipes.dir");
        return dir != null && Files.isDirectory(Path.of(dir)) ? Path.of(dir).toAbsolutePath().getParent() : null;
    }

    private static <T> T withRoot(Function<Path, T> read) {
        Path dir = folder();
        if (dir != null) {
            return read.apply(dir);
        }
        URL url = Bundle.class.getResource("/effitrain/" + RECIPES + "/");
        if (url == null) {   // a class path without the bundled files: nothing is bundled
            return read.apply(Path.of(System.getProperty("java.io.tmpdir"), "effitrain-no-bundle"));
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return read.apply(fs.getPath("/effitrain"));
                }
            }
            return read.apply(Path.of(uri).getParent());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the bundled recipes", e);
        }
    }

    /** The {@code .yaml} files in {@code dir} (and its subfolders when {@code nested}), named relative to dir's parent. */
    private static List<String> names(Path dir, boolean nested) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = nested ? Files.walk(dir) : Files.list(dir)) {
            Path base = nested ? dir.getParent() : dir;
            return files.filter(p -> p.getFileName().toString().endsWith(YAML) && Files.isRegularFile(p))
                    .map(p -> strip(base.relativize(p).toString().replace('\\', '/')))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path extracted() {
        if (extracted == null) {
            try {
                Path dir = Files.createTempDirectory("effitrain-recipes-");
                withRoot(root -> {
                    copyYaml(root, dir, RECIPES + "/", names(root.resolve(RECIPES), false));
                    copyYaml(root, dir, "", names(root.resolve(CONFIGS), true));
                    return null;
                });
                deleteOnExit(dir);
                extracted = dir;
            } catch (IOException | UncheckedIOException e) {
                throw EffitrainException.badInput("cannot write the bundled recipes to a temporary folder (" + e.getMessage() + ")");
            }
        }
        return extracted;
    }

    /** Copies {@code root/PREFIX NAME.yaml} to the same place under {@code dir} for each name (the root may be in the jar). */
    private static void copyYaml(Path root, Path dir, String prefix, List<String> names) {
        try {
            for (String n : names) {
                String rel = prefix + n + YAML;
                Path to = dir.resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(root.resolve(rel), to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files first, then their folders (deleteOnExit runs in reverse order of registration). */
    private static void deleteOnExit(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> p.toFile().deleteOnExit());
        }
    }
}
