package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Applying a raw partial override (a progressive stage's model:) onto a bound record. */
class RecordOverrideTest {

    private static final ModelConfig BASE =
            new ModelConfig("gpt", 4, 128, 4, 4, 0, 0.0, 128, 0, true, "standard", 32, 4, 0, 0, "cls", "learned");

    @Test
    void mergesTheOverrideAndKeepsEverythingElse() {
        ModelConfig grown = RecordOverride.apply(BASE, Map.of("layers", 12, "d_model", 256), "stages[0].model");
        assertEquals(12, grown.layers());
        assertEquals(256, grown.dModel());
        assertEquals(BASE.heads(), grown.heads());
        assertEquals(BASE.seqLen(), grown.seqLen());
        assertEquals(BASE, RecordOverride.apply(BASE, Map.of(), "m"));
        assertEquals(BASE, RecordOverride.apply(BASE, null, "m"));
    }

    @Test
    void worksForEverySectionTypeIncludingDurationsAndLists() {
        TrainConfig t = new TrainConfig(Duration.steps(100), 32, 1, 1.0, Duration.steps(10), Duration.steps(0), 20,
                Duration.steps(0), 3, "fail");
        TrainConfig longer = RecordOverride.apply(t, Map.of("duration", "2ep", "batch_size", 64), "train");
        assertEquals(new Duration(2, DurationUnit.EP), longer.duration());
        assertEquals(64, longer.batchSize());
        OptimizerConfig o = new OptimizerConfig("adamw", 3e-4, List.of(0.9, 0.95), 1e-8, 0.1, 0.9, false, false, 256, 4096,
                List.of());
        OptimizerConfig o2 = RecordOverride.apply(o, Map.of("betas", List.of(0.8, 0.9),
                "overrides", List.of(Map.of("match", "embed.*", "state", "32bit"))), "optimizer");
        assertEquals(List.of(0.8, 0.9), o2.betas());
        assertEquals("32bit", o2.overrides().get(0).state());
    }

    @Test
    void reportsUnknownKeysWrongTypesAndBrokenRules() {
        var e = assertThrows(ValidationErrors.RecipeException.class, () -> RecordOverride.apply(BASE,
                Map.of("layrs", 3, "heads", 5, "dropout", "lots"), "progressive.stages[1].model"));
        String all = e.getMessage();
        assertEquals(3, e.problems().size(), all);
        assertTrue(all.contains("progressive.stages[1].model.layrs: unknown key; did you mean 'layers'?"), all);
        assertTrue(all.contains("progressive.stages[1].model.heads: 5 does not divide d_model 128"), all);
        assertTrue(all.contains("progressive.stages[1].model.dropout: expected a number, got 'lots'"), all);
    }

    @Test
    void locatesProblemsAtTheLineOfTheOverride() {
        ValidationErrors errors = new ValidationErrors(
                path -> path.startsWith("stages[2]") ? Origin.inFile("recipes/p.yaml", 14, Path.of("/r")) : null, null);
        assertNull(RecordOverride.apply(BASE, Map.of("heads", 3), "stages[2].model", errors));
        assertEquals("recipes/p.yaml:14: stages[2].model.heads: 3 does not divide d_model 128",
                errors.problems().get(0).toString());
    }

    @Test
    void doesNotRepeatProblemsTheBaseAlreadyHas() {
        ModelConfig broken = new ModelConfig("gpt", 4, 100, 3, 4, 0, 0.0, 128, 0, true, "standard", 32, 4, 0, 0, "cls",
                "learned");
        ValidationErrors errors = new ValidationErrors();
        ModelConfig deeper = RecordOverride.apply(broken, Map.of("layers", 8), "stage.model", errors);
        assertTrue(errors.isEmpty(), errors.problems().toString());
        assertEquals(8, deeper.layers());
        assertNull(RecordOverride.apply(broken, Map.of("layers", 0), "stage.model", errors));
        assertEquals(1, errors.problems().size(), errors.problems().toString());
        assertEquals("stage.model.layers", errors.problems().get(0).keyPath());
    }
}
