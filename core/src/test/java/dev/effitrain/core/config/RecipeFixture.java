package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Writes recipe files into a temporary directory, loads them and checks the reported problems. */
final class RecipeFixture {

    /** A valid minimal recipe body: everything else comes from the defaults. */
    static final String MINIMAL = "train:\n  duration: 100ba\n";

    final Path dir;

    RecipeFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String relative, String text) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Recipe load(String relative, String... sets) {
        return RecipeLoader.load(dir.resolve(relative), Arrays.asList(sets), TestTrainers.ALL);
    }

    /** Writes {@code x.yaml} and loads it. */
    Recipe loadText(String text, String... sets) {
        write("x.yaml", text);
        return load("x.yaml", sets);
    }

    List<ValidationErrors.Problem> problems(String relative, String... sets) {
        return assertThrows(ValidationErrors.RecipeException.class, () -> load(relative, sets)).problems();
    }

    List<ValidationErrors.Problem> problemsOf(String text, String... sets) {
        write("x.yaml", text);
        return problems("x.yaml", sets);
    }

    /** The one problem at {@code keyPath}; fails listing all problems when there is not exactly one. */
    static ValidationErrors.Problem at(List<ValidationErrors.Problem> problems, String keyPath) {
        List<ValidationErrors.Problem> hits = problems.stream().filter(p -> keyPath.equals(p.keyPath())).toList();
        if (hits.size() != 1) {
            fail("expected one problem at " + keyPath + ", got:\n" + show(problems));
        }
        return hits.get(0);
    }

    /** Asserts a problem at {@code keyPath}, in a file ending with {@code file}, on {@code line}, whose message contains {@code text}. */
    static void assertProblem(List<ValidationErrors.Problem> problems, String file, int line, String keyPath, String text) {
        ValidationErrors.Problem p = at(problems, keyPath);
        if (p.file() == null || !p.file().endsWith(file) || p.line() != line || !p.message().contains(text)) {
            fail("expected " + file + ":" + line + ": " + keyPath + ": ..." + text + "..., got:\n" + show(problems));
        }
    }

    static String show(List<ValidationErrors.Problem> problems) {
        return problems.stream().map(ValidationErrors.Problem::toString).collect(Collectors.joining("\n"));
    }
}
