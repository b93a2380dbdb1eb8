package dev.effitrain.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugin jars and folders the launcher put on the class path ({@code -Deffitrain.plugins}, from
 * {@code EFFITRAIN_PLUGINS} and {@code ~/.effitrain/plugins}). The JVM skips a class path entry it
 * cannot open without a word, so each is checked here and its problem said in one line.
 */
final class Plugins {

    private Plugins() {
    }

    /** The entries the launcher passed, as absolute paths; none when run without the launcher. */
    static List<Path> configured() {
        String list = System.getProperty("effitrain.plugins", "");
        return Arrays.stream(list.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
    }

    /** One line for each entry that gives no trainer: missing, not a jar, or a jar without one. */
    static List<String> problems(List<Path> entries) {
        List<String> problems = new ArrayList<>();
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                problems.add(entry + ": no such plugin jar or folder");
            } else if (Files.isDirectory(entry)) {
                for (Path jar : jarsIn(entry, problems)) {
                    jarProblem(jar).ifPresent(problems::add);
                }
            } else {
                jarProblem(entry).ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static Optional<String> jarProblem(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(Trainers.SERVICE_FILE) == null
                    ? Optional.of(jar + ": holds no trainer (no " + Trainers.SERVICE_FILE + ")")
                    : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(jar + ": not a readable jar (" + e.getMessage() + ")");
        }
    }

    private static List<Path> jarsIn(Path folder, List<String> problems) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add(folder + ": cannot list the plugin folder (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
