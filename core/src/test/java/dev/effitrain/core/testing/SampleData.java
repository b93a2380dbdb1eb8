package dev.effitrain.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-ins for the Debian data sets that bundled recipes read, so that tests whose point is the
 * recipe (validation, fuzzing) pass on a machine without the packages. Where a package is
 * installed the recipe keeps its real path.
 */
public final class SampleData {
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path FORTUNES = Path.of("/usr/share/games/fortunes");
    private static final Pattern EXTENDS = Pattern.compile("(?m)^extends:\\s*(\\S+\\.yaml)\\s*$");

    private SampleData() {
    }

    /** The repository's root (the folder with {@code recipes/}), from any module's working directory. */
    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("recipes")) && Files.isDirectory(p.resolve("core"))) {
                return p;
            }
        }
        throw new IllegalStateException("no recipes/ folder above " + Path.of("").toAbsolutePath());
    }

    public static Path fashionMnistSample() {
        return repoRoot().resolve("core/src/test/resources/fixtures/fashion-mnist-sample");
    }

    public static Path textSample() {
        return repoRoot().resolve("core/src/test/resources/fixtures/text-sample");
    }

    /**
     * {@code --set} overrides that point a recipe at the shipped sample when the Debian data set it
     * reads (itself or through its {@code extends:} parents) is not installed; empty otherwise.
     */
    public static List<String> overridesFor(Path recipe) {
        String text = withParents(recipe);
        List<String> sets = new ArrayList<>();
        if (text.contains(FASHION_MNIST.toString()) && !Files.isDirectory(FASHION_MNIST)) {
            sets.add("data.path=" + fashionMnistSample());
        }
        if (text.contains(FORTUNES.toString()) && !Files.isDirectory(FORTUNES)) {
            sets.add("data.path=" + textSample());
        }
        return sets;
    }

    /**
     * {@code recipeText} with the Debian data paths that are not installed replaced by the samples,
     * for tests that copy and rewrite recipes (an override would hide their own edits of data.path).
     */
    public static String withSamples(String recipeText) {
        String text = recipeText;
        if (!Files.isDirectory(FASHION_MNIST)) {
            text = text.replace(FASHION_MNIST.toString(), fashionMnistSample().toString());
        }
        if (!Files.isDirectory(FORTUNES)) {
            text = text.replace(FORTUNES.toString(), textSample().toString());
        }
        return text;
    }

    /** The recipe's text followed by its parents' (bundled recipes extend one file at a time). */
    private static String withParents(Path recipe) {
        StringBuilder all = new StringBuilder();
        Path p = recipe;
        for (int depth = 0; p != null && depth < 8; depth++) {
            String text;
            try {
                text = Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all.append(text).append('\n');
            Matcher m = EXTENDS.matcher(text);
            p = m.find() ? p.resolveSibling(m.group(1)) : null;
        }
        return all.toString();
    }
}
