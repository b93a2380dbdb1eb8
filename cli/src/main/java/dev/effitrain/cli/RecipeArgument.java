package dev.effitrain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The RECIPE argument of {@code run} and {@code validate} (a picocli mixin): a file, or else the name
 * of a bundled recipe ({@code effitrain run quickstart}), read where {@link Bundle} keeps it, so that
 * its {@code extends:} finds its parents and configs.
 */
final class RecipeArgument {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML file, or the name of a bundled recipe (effitrain recipes list).")
    private Path argument;

    /** The argument as given (a file or a bundled recipe's name). */
    String given() {
        return argument.toString();
    }

    /** The recipe file the argument names. */
    Path path() {
        return resolve(argument);
    }

    static Path resolve(Path arg) {
        String name = arg.toString().replaceFirst("\\.yaml$", "");
        if (Files.exists(arg) || arg.getNameCount() != 1 || !Bundle.recipes().contains(name)) {
            return arg;
        }
        return Bundle.file(name);
    }
}
