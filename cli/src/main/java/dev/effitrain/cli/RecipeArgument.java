package dev.effitrain.cli;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The RECIPE argument of {@code run} and {@code validate} (a picocli mixin): a file, or else the name
 * of a bundled recipe ({@code effitrain run quickstart}). A bundled recipe is read from the recipes folder when
 * there is one; from the jar, the bundled recipes are written to a temporary folder first, so that
 * an {@code extends:} finds its parent next to the recipe.
 */
final class RecipeArgument {
    private static Path extracted;

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML file, or the name of a bundled recipe (effitrain recipes list).")
    private Path argument;

    /** The recipe file the argument names. */
    Path path() {
        return resolve(argument);
    }

    static Path resolve(Path arg) {
        String name = arg.toString().replaceFirst("\\.yaml$", "");
        if (Files.exists(arg) || arg.getNameCount() != 1 || !RecipesCommand.names().contains(name)) {
            return arg;
        }
        return bundled(name);
    }

    /** The bundled recipe NAME as a file on disk, its parents beside it. */
    static Path bundled(String name) {
        String n = name.replaceFirst("\\.yaml$", "");
        RecipesCommand.text(n); // exit 2 naming the recipes when there is none of that name
        Path dir = RecipesCommand.recipesDir();
        return (dir != null ? dir : extracted()).resolve(n + ".yaml");
    }

    private static synchronized Path extracted() {
        if (extracted == null) {
            try {
                Path dir = Files.createTempDirectory("effitrain-recipes-");
                for (String n : RecipesCommand.names()) {
                    Path f = Files.writeString(dir.resolve(n + ".yaml"), RecipesCommand.text(n), StandardCharsets.UTF_8);
                    f.toFile().deleteOnExit();
                }
                dir.toFile().deleteOnExit();
                extracted = dir;
            } catch (IOException e) {
                throw EffitrainException.badInput("cannot write the bundled recipes to a temporary folder (" + e.getMessage() + ")");
            }
        }
        return extracted;
    }
}
