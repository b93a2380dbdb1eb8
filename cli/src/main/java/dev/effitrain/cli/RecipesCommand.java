package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.StandaloneRecipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "recipes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List, show or copy the recipes and configs bundled with effitrain.",
        subcommands = {RecipesCommand.ListRecipes.class, RecipesCommand.Show.class, RecipesCommand.Copy.class})
final class RecipesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        new ListRecipes().print(spec.commandLine().getOut());
    }

    /** The first sentence of a recipe's or config's leading comment block, used as its description. */
    static String description(String name) {
        StringBuilder comment = new StringBuilder();
        for (String line : Bundle.text(name).split("\n")) {
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled recipes, then the configs they are made of.")
    static final class ListRecipes implements Runnable {
        @Mixin
        JsonOption json;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (json.on()) {
                List<Map<String, String>> all = new ArrayList<>();
                Bundle.recipes().forEach(n -> all.add(entry(n, "recipe")));
                Bundle.configs().forEach(n -> all.add(entry(n, "config")));
                Output.json(spec.commandLine().getOut(), all);
            } else {
                print(spec.commandLine().getOut());
            }
        }

        private static Map<String, String> entry(String name, String kind) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("name", name);
            o.put("kind", kind);
            o.put("description", description(name));
            return o;
        }

        void print(PrintWriter out) {
            printAligned(out, Bundle.recipes());
            List<String> configs = Bundle.configs();
            if (!configs.isEmpty()) {
                out.printf("%nconfigs: fragments that recipes combine with extends: [...] (show or copy them by these names)%n");
                printAligned(out, configs);
            }
            out.flush();
        }

        private static void printAligned(PrintWriter out, List<String> names) {
            int width = Math.max(24, names.stream().mapToInt(String::length).max().orElse(0));
            for (String n : names) {
                out.printf("%-" + width + "s %s%n", n, description(n));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a bundled recipe or config (configs/models/gpt-small).")
    static final class Show implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(Bundle.text(name));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy a bundled recipe or config to a file (or into a directory); one that extends others is written with them merged in, so the copy stands alone.")
    static final class Copy implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "PATH")
        Path target;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Path source = Bundle.file(name);
            String body = StandaloneRecipe.text(source);
            Path dest = Files.isDirectory(target) ? target.resolve(source.getFileName()) : target;
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
