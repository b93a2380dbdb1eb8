package dev.effitrain.core.config;

import java.nio.file.Path;

/**
 * Where a recipe value came from: a file and line, a {@code --set} argument, or the built-in
 * defaults. {@code baseDir} is the directory that relative paths written there are resolved against.
 */
public record Origin(String file, int line, Path baseDir, boolean builtin) {

    public static Origin inFile(String file, int line, Path baseDir) {
        return new Origin(file, line, baseDir, false);
    }

    /** A {@code --set KEY=VALUE} argument; relative paths in it are taken from the working directory. */
    public static Origin ofSet(String argument) {
        return new Origin("--set " + argument, 0, Path.of("").toAbsolutePath(), false);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
