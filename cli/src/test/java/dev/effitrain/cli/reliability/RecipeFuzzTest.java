package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.effitrain.core.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Mutates every bundled recipe a few hundred times in all (wrong types, unknown and deleted keys,
 * odd scalars, nasty YAML, random bytes, truncation) and validates each mutant in-process: never a
 * stack trace or an internal error; a mutant either validates (exit 0, resolved recipe on stdout)
 * or fails with exit 2 and error lines that name the file, and the key where the mutation has one.
 */
class RecipeFuzzTest {
    /** Spread over the bundled recipes (at least 20 each), so the test's cost does not grow with their number. */
    private static final int MUTANTS = 400;
    private static final long SEED = 20240611L;

    @TempDir
    Path dir;

    @Test
    void mutatedRecipesFailWithExitTwoNamingTheKeyNeverAStackTrace() throws Exception {
        // mutants sit beside unmutated copies of recipes/ and configs/, so a recipe's extends: still
        // finds its parents; the copies read the shipped data samples where the Debian data sets are not installed
        List<Path> recipes = SampleData.copyBundle(dir);
        assertTrue(recipes.size() >= 3, "bundled recipes not found: " + recipes);
        int failed = 0;
        int total = 0;
        List<String> problems = new ArrayList<>();
        for (Path recipe : recipes) {
            InProcessCli.Result base = InProcessCli.exec("validate", recipe.toString());
            if (base.code() != 0) {
                continue; // a second-stage recipe whose first-stage run has not been made here (CliTest reports it)
            }
            RecipeMutator mutator = new RecipeMutator(Files.readString(recipe), keyPaths(base.out()),
                    SEED + recipe.getFileName().toString().hashCode());
            for (int i = 0; i < Math.max(20, MUTANTS / recipes.size()); i++) {
                RecipeMutator.Mutant m = mutator.next();
                Path file = recipe.resolveSibling(recipe.getFileName().toString().replace(".yaml", "") + "-" + i + ".yaml");
                Files.write(file, m.bytes());
                String context = file.getFileName() + " (" + m.describe() + ")";
                InProcessCli.Result r = InProcessCli.exec("validate", file.toString());
                total++;
                try {
                    check(file, m, r, context);
                } catch (AssertionError e) {
                    problems.add(e.getMessage());
                    continue;
                }
                if (r.code() == 2) {
                    failed++;
                }
            }
        }
        assertTrue(total >= 200, "only " + total + " mutants ran");
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + total + " mutants were mishandled:\n\n" + String.join("\n\n", problems));
        }
        assertTrue(failed > total / 2, "most mutants should be refused; only " + failed + " of " + total + " were");
    }

    /** Hand-made worst cases: each is refused with exit 2 naming the file, quickly (the timeout only guards a hang). */
    @Test
    @Timeout(120)
    void pathologicalYamlIsRefusedQuickly() throws Exception {
        StringBuilder laughs = new StringBuilder("name: laughs\ntrain: {duration: 10ba}\nl0: &l0 [x, x]\n");
        for (int i = 1; i <= 25; i++) {
            laughs.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        byte[] noise = new byte[4096];
        new java.util.Random(SEED).nextBytes(noise);
        Files.write(dir.resolve("noise.bin"), noise);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("laughs", laughs.toString());
        cases.put("deep-lists", "name: deep\nmodel: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        cases.put("deep-maps", "name: deep\nmodel: " + "{a: ".repeat(3000) + "1" + "}".repeat(3000) + "\n");
        cases.put("self-extends", "extends: self-extends.yaml\ntrain: {duration: 10ba}\n");
        cases.put("extends-noise", "extends: noise.bin\ntrain: {duration: 10ba}\n");
        cases.put("extends-dir", "extends: .\ntrain: {duration: 10ba}\n");
        cases.put("huge", "name: huge\ntrain: {duration: 10ba}\nnote: '" + "x".repeat(4 << 20) + "'\n");
        cases.put("extends-huge", "extends: huge.yaml\ntrain: {duration: 10ba}\n");
        cases.put("empty", "");
        cases.put("only-comment", "# nothing\n");
        cases.put("list-document", "- name: x\n- trainer: standard\n");
        cases.put("scalar-document", "just a string\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = dir.resolve(c.getKey() + ".yaml");
            Files.writeString(file, c.getValue());
            InProcessCli.Result r = InProcessCli.exec("validate", file.toString());
            Truthful.assertNoStackTrace(r.err(), c.getKey());
            assertEquals(2, r.code(), c.getKey() + ": " + r.show());
            Truthful.assertEveryErrorNames(r.err(), c.getKey(), file.getFileName().toString());
        }
        InProcessCli.Result dirAsRecipe = InProcessCli.exec("validate", dir.toString());
        assertEquals(2, dirAsRecipe.code(), dirAsRecipe.show());
        Truthful.assertNoStackTrace(dirAsRecipe.err(), "directory as recipe");
    }

    /**
     * A mutant CI found: the MAE recipe cut before its model and data lines. The trainer picks a ViT
     * while data.source keeps its text default; neither key is in the file, and the error must still
     * name the user's file, not the built-in defaults.
     */
    @Test
    void aConflictBetweenTwoDefaultsNamesTheUsersFile() throws Exception {
        Path file = dir.resolve("cut.yaml");
        Files.writeString(file, "name: cut\ntrainer: mim\nseed: 1234\ndevice: auto\noutput: runs/${name}\n");
        InProcessCli.Result r = InProcessCli.exec("validate", file.toString());
        Truthful.assertNoStackTrace(r.err(), "cut");
        assertEquals(2, r.code(), r.show());
        Truthful.assertEveryErrorNames(r.err(), "cut", "cut.yaml");
        assertTrue(r.err().contains("model.arch vit needs an image source"), r.show());
    }

    /** {@code --set} arguments that are malformed: exit 2 naming the argument or key, no stack trace. */
    @Test
    void malformedSetOverridesAreUsageErrors() {
        String recipe = Path.of("..", "recipes", "quickstart.yaml").toString();
        String[] bad = {"model=", "=3", "model.layers", "a..b=1", "model.layers=[1", "optimizer.betas[5]=0.1",
            "optimizer.betas[-1]=0.1", "train.duration=1e999ba", "seed=99999999999999999999", "model.layers=1.5",
            "model=[1, 2]", "train.batch_size=-4", "model.layers.x=1", "optimizer.betas=x", "nope.nope=1",
            "model.heads=0", "model.d_model=2147483648", "train.duration=0ba"};
        for (String set : bad) {
            InProcessCli.Result r = InProcessCli.exec("validate", recipe, "--set", set);
            Truthful.assertNoStackTrace(r.err(), "--set " + set);
            assertEquals(2, r.code(), "--set " + set + ": " + r.show());
            assertTrue(Truthful.errorLines(r.err()).stream().anyMatch(l -> l.contains("--set") || l.contains(set.split("=")[0])),
                    "--set " + set + ": the error names neither the argument nor the key:\n" + r.err());
        }
    }

    private static void check(Path file, RecipeMutator.Mutant m, InProcessCli.Result r, String context) {
        Truthful.assertNoStackTrace(r.err(), context);
        if (r.code() == 0) {
            if (m.mustFail()) {
                throw new AssertionError(context + ": accepted, but it must be refused:\n" + r.show());
            }
            assertTrue(r.out().contains("trainer:"), context + ": exit 0 without a resolved recipe:\n" + r.show());
            return;
        }
        assertEquals(2, r.code(), context + ": " + r.show());
        List<String> errors = Truthful.errorLines(r.err());
        assertTrue(!errors.isEmpty(), context + ": exit 2 without an error line:\n" + r.show());
        Path configs = file.getParent().resolveSibling("configs");   // a problem may sit in a config the mutant extends
        for (String line : errors) {
            assertTrue(line.contains(file.getFileName().toString()) || line.contains(configs.toString()),
                    context + ": error names neither the file nor a config: " + line);
        }
        if (m.mustFail()) {
            String key = m.keyPath();
            assertTrue(errors.stream().anyMatch(l -> l.contains(key)), context + ": no error names " + key + ":\n" + r.show());
        }
    }

    /** Every key path of a resolved recipe ({@code model.layers}, ...). */
    private static Set<String> keyPaths(String yaml) {
        Set<String> out = new HashSet<>();
        collect(new Yaml().load(yaml), "", out);
        return out;
    }

    private static void collect(Object node, String prefix, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String p = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
                out.add(p);
                collect(v, p, out);
            });
        }
    }
}
