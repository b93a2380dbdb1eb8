package dev.effitrain.core.testing;

import dev.effitrain.core.config.StandaloneRecipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stand-ins for the Debian data sets that bundled recipes read, so that tests whose point is the
 * recipe (validation, fuzzing) pass on a machine without the packages. Where a package is
 * installed the recipe keeps its real path.
 */
public final class SampleData {
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path FORTUNES = Path.of("/usr/share/games/fortunes");

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
     * reads (itself or through the files its {@code extends:} lists name) is not installed; empty otherwise.
     */
    public static List<String> overridesFor(Path recipe) {
        String text = StandaloneRecipe.text(recipe);
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

    /**
     * Copies the bundled {@code recipes/} and {@code configs/} into {@code dest}, side by side as
     * the recipes' {@code extends: [../configs/...]} expect, each file {@link #withSamples}.
     *
     * @return the copied recipes, sorted
     */
    public static List<Path> copyBundle(Path dest) {
        List<Path> recipes = new ArrayList<>();
        for (String folder : List.of("recipes", "configs")) {
            Path from = repoRoot().resolve(folder);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    Path to = dest.resolve(folder).resolve(from.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.writeString(to, withSamples(Files.readString(f)));
                    if (folder.equals("recipes")) {
                        recipes.add(to);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return recipes;
    }
}
