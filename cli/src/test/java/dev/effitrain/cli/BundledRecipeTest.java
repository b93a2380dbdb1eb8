package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.cli.CliTest.Result;
import dev.effitrain.core.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundled recipes by name, standalone copies, smoke-test durations and shell completion. */
class BundledRecipeTest {
    @TempDir
    Path dir;

    /** validate RECIPE with the output in the temp dir and the sample data where Debian's is absent. */
    private Result validate(String recipe, String name, String... more) {
        List<String> args = new ArrayList<>(List.of("validate", recipe, "--set", "output=" + dir.resolve("runs").resolve(name)));
        SampleData.overridesFor(SampleData.repoRoot().resolve("recipes").resolve(name + ".yaml"))
                .forEach(s -> args.addAll(List.of("--set", s)));
        args.addAll(List.of(more));
        return CliTest.exec(args.toArray(String[]::new));
    }

    /** A second-stage recipe whose first-stage run has not been made here. */
    private static boolean needsFirstStage(Result r) {
        return r.code() != 0 && r.err().lines().allMatch(l -> l.contains("init_from:") && l.contains("does not exist"));
    }

    @Test
    void runAndValidateTakeABundledRecipesName() {
        Result quick = validate("quickstart", "quickstart");
        assertEquals(0, quick.code(), quick.err());
        assertTrue(quick.out().contains("name: quickstart"), quick.out());
        Result child = validate("gpt-stack", "gpt-stack");   // extends: gpt-baseline.yaml
        assertEquals(0, child.code(), child.err());
        assertTrue(child.out().contains("trainer: progressive"), child.out());
        Result dry = CliTest.exec("run", "quickstart.yaml", "--dry-run", "--set", "output=" + dir.resolve("q"));
        assertEquals(0, dry.code(), dry.err());
        Result none = CliTest.exec("validate", "no-such-recipe");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no such recipe file"), none.err());
    }

    @Test
    void aFileWinsOverABundledRecipeOfTheSameName() throws Exception {
        Path own = Files.writeString(dir.resolve("quickstart"), CliTest.TINY.formatted(dir.resolve("run")));
        Result r = CliTest.exec("validate", own.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: tiny"), r.out());
    }

    @Test
    void everyBundledRecipeCopiedElsewhereStandsAlone() throws Exception {
        Path copies = Files.createDirectories(dir.resolve("copies"));
        for (String name : Bundle.recipes()) {
            Path copy = copies.resolve(name + ".yaml");
            assertEquals(0, CliTest.exec("recipes", "copy", name, copy.toString()).code(), name);
            assertFalse(Files.readString(copy).lines().anyMatch(l -> l.startsWith("extends:")), name);
            Result r = validate(copy.toString(), name);
            if (!needsFirstStage(r)) {
                assertEquals(0, r.code(), name + ": " + r.err());
                assertEquals(validate(name, name).out(), r.out(), name + ": the copy resolves as the original does");
            }
        }
    }

    /** The 8-bit recipe and its 32-bit twin, both made of configs, resolve alike but for the name and optimizer. */
    @Test
    void theAdamwTwinsDifferOnlyInTheOptimizer() {
        List<String> eight = validate("gpt-adamw8bit", "gpt-adamw8bit").out().lines().toList();
        List<String> full = validate("gpt-adamw32", "gpt-adamw32").out().lines().toList();
        assertEquals(eight.size(), full.size());
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < eight.size(); i++) {
            if (!eight.get(i).equals(full.get(i))) {
                differ.add(eight.get(i) + " | " + full.get(i));
            }
        }
        assertEquals(List.of("name: gpt-adamw8bit | name: gpt-adamw32",
                "output: " + dir.resolve("runs/gpt-adamw8bit") + " | output: " + dir.resolve("runs/gpt-adamw32"),
                "  name: adamw8bit |   name: adamw"), differ);
    }

    @Test
    void everyBundledRecipeValidatesWithAShortSmokeTestDuration() {
        for (String name : Bundle.recipes()) {
            Result r = validate(name, name, "--set", "train.duration=20ba");
            if (!needsFirstStage(r)) {
                assertEquals(0, r.code(), name + ": " + r.err());
            }
        }
    }

    @Test
    void generatesABashAndZshCompletionScript() {
        Result r = CliTest.exec("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete -F"), r.out().substring(0, Math.min(300, r.out().length())));
        assertTrue(r.out().contains("recipes"));
    }

    @Test
    void envAndInspectPrintAlignedTextNotJavaMaps() throws Exception {
        Result env = CliTest.exec("env");
        assertEquals(0, env.code(), env.err());
        assertFalse(env.out().contains("{"), env.out());
        assertTrue(env.out().lines().anyMatch(l -> l.matches("trainers")), env.out());
        assertTrue(env.out().lines().anyMatch(l -> l.equals("  standard")), env.out());
        assertTrue(env.out().lines().anyMatch(l -> l.matches("    description\\s+\\S.*")), env.out());
        Path recipe = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY.formatted(dir.resolve("run")));
        assertEquals(0, CliTest.exec("run", recipe.toString()).code());
        Result inspect = CliTest.exec("inspect", dir.resolve("run").toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().lines().anyMatch(l -> l.matches("  layers\\s+1")), inspect.out());
        assertTrue(inspect.out().lines().anyMatch(l -> l.matches("  d_model\\s+32")), inspect.out());
        assertFalse(inspect.out().contains("=") || inspect.out().contains("dModel"), inspect.out());
    }
}
