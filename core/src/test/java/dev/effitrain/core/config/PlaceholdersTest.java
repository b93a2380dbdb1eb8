package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${key.path}} in {@code output}. */
class PlaceholdersTest {

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
    }

    @Test
    void nameIsSubstitutedAfterOverrides() {
        assertEquals("runs/demo", fx.loadText("name: demo\n" + RecipeFixture.MINIMAL).output());
        assertEquals("runs/other", fx.loadText("name: demo\n" + RecipeFixture.MINIMAL, "name=other").output());
    }

    @Test
    void anyScalarKeyPathCanBeUsed() {
        Recipe r = fx.loadText("""
                name: demo
                output: out/${model.arch}-${model.layers}L/${name}-b${optimizer.betas[1]}
                """ + RecipeFixture.MINIMAL);
        assertEquals("out/gpt-4L/demo-b0.95", r.output());
    }

    @Test
    void unknownOrUnterminatedReferencesAreErrors() {
        var problems = fx.problemsOf("name: demo\noutput: runs/${nmae}/${model}\n" + RecipeFixture.MINIMAL);
        assertEquals(2, problems.size(), RecipeFixture.show(problems));
        assertProblem(java.util.List.of(problems.get(0)), "x.yaml", 2, "output", "${nmae} does not name a value");
        assertProblem(java.util.List.of(problems.get(1)), "x.yaml", 2, "output", "${model} does not name a value");
        var open = fx.problemsOf("output: runs/${name\n" + RecipeFixture.MINIMAL);
        assertProblem(open, "x.yaml", 1, "output", "unterminated ${");
        var self = fx.problemsOf("output: runs/${output}\n" + RecipeFixture.MINIMAL);
        assertProblem(self, "x.yaml", 1, "output", "${output} does not name a value");
    }
}
