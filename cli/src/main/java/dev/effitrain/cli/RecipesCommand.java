package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.StandaloneRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "recipes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List, show or copy the recipes bundled with effitrain.",
        subcommands = {RecipesCommand.ListRecipes.class, RecipesCommand.Show.class, RecipesCommand.Copy.class})
final class RecipesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        new ListRecipes().print(spec.commandLine().getOut());
    }

    /**
     * Where the launcher's checkout keeps the recipes ({@code -Deffitrain.recipes.dir}), so that an
     * edited recipe needs no rebuild; null when running from the jar alone.
     */
    static Path recipesDir() {
        String dir = System.getProperty("effitrain.recipes.dir");
        return dir != null && Files.isDirectory(Path.of(dir)) ? Path.of(dir) : null;
    }

    /** Bundled recipe names (the build copies recipes/*.yaml into the jar), e.g. {@code quickstart}. */
    static List<String> names() {
        try {
            if (recipesDir() != null) {
                return list(recipesDir());
            }
            URL url = RecipesCommand.class.getResource("/effitrain/recipes/");
            if (url == null) {
                return List.of();
            }
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(fs.getPath("/effitrain/recipes"));
                }
            }
            return list(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled recipes", e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
    }

    static String text(String name) {
        String n = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        try (InputStream in = open(n + ".yaml")) {
            if (in == null) {
                throw EffitrainException.usage("no bundled recipe '" + name + "'; available: " + String.join(", ", names()));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open(String file) throws IOException {
        Path dir = recipesDir();
        if (dir != null) {
            Path p = dir.resolve(file);
            return file.contains("/") || !Files.isRegularFile(p) ? null : Files.newInputStream(p);
        }
        return RecipesCommand.class.getResourceAsStream("/effitrain/recipes/" + file);
    }

    /** The first sentence of a recipe's leading comment block, used as its description. */
    static String description(String name) {
        StringBuilder comment = new StringBuilder();
        for (String line : text(name).split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            comment.append(' ').append(line.substring(1).trim());
        }
        return firstSentence(comment.toString().trim());
    }

    /** Up to and including the first full stop that ends a sentence (followed by a space or the end). */
    static String firstSentence(String text) {
        for (int i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
            if (i == text.length() - 1 || Character.isWhitespace(text.charAt(i + 1))) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled recipes.")
    static final class ListRecipes implements Runnable {
        @Mixin
        JsonOption json;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (json.on()) {
                Output.json(spec.commandLine().getOut(),
                        names().stream().map(n -> {
                            Map<String, String> o = new LinkedHashMap<>();
                            o.put("name", n);
                            o.put("description", description(n));
                            return o;
                        }).toList());
            } else {
                print(spec.commandLine().getOut());
            }
        }

        void print(PrintWriter out) {
            for (String n : names()) {
                out.printf("%-24s %s%n", n, description(n));
            }
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a bundled recipe.")
    static final class Show implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(text(name));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy a bundled recipe to a file (or into a directory); a recipe that extends another is written with its parents merged in, so the copy stands alone.")
    static final class Copy implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "PATH")
        Path target;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            String body = StandaloneRecipe.text(RecipeArgument.bundled(name));
            Path dest = Files.isDirectory(target) ? target.resolve(name.replaceAll("\\.yaml$", "") + ".yaml") : target;
            if (Files.exists(dest)) {
                throw EffitrainException.usage(dest + " already exists; not overwriting it");
            }
            try {
                Files.writeString(dest, body, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw EffitrainException.badInput(dest + ": cannot write (" + e.getMessage() + ")");
            }
            spec.commandLine().getOut().println("wrote " + dest);
            spec.commandLine().getOut().flush();
        }
    }
}
