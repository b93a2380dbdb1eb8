package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolving and listing data paths, and the one-line "not found" errors that say how to get the data.
 *
 * <p>A directory is walked recursively in sorted path order, following symbolic links; a file
 * reached twice (Debian's fortunes has {@code art.u8 -> art}) is listed once, and hidden entries
 * (names starting with '.') are ignored.
 */
public final class DataPaths {
    private static final Path FORTUNES = Path.of("/usr/share/games/fortunes");

    private DataPaths() {
    }

    /** {@code p} as an absolute path: relative paths are taken from the recipe's directory. */
    public static Path resolve(String p, Path baseDir) {
        Path path = Path.of(p);
        if (!path.isAbsolute() && baseDir != null) {
            path = baseDir.resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    /**
     * @param key recipe key for the message, e.g. {@code data.path}
     * @throws EffitrainException exit 3: "{@code data.path: /abs not found}" plus how to get it
     */
    public static Path requireExists(Path path, String key) {
        if (!Files.exists(path)) {
            throw EffitrainException.badInput(key + ": " + path + " not found" + hint(path));
        }
        return path;
    }

    /** How to obtain a known data set, or "" when we know of none. */
    public static String hint(Path path) {
        if (path.startsWith(FORTUNES)) {
            return " (Debian's fortunes package installs it: apt-get install fortunes)";
        }
        return "";
    }

    /** The files under {@code root} in reading order, or {@code root} itself when it is a file. */
    public static List<Path> listFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of(root);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(p -> !isHidden(root, p))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw EffitrainException.badInput("data.path: cannot list " + root + ": " + e.getMessage(), e);
        }
        Set<Path> seen = new HashSet<>();
        List<Path> unique = new ArrayList<>();
        for (Path f : files) {
            if (seen.add(realPath(f))) {
                unique.add(f);
            }
        }
        return List.copyOf(unique);
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
