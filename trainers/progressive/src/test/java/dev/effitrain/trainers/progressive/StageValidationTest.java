package dev.effitrain.trainers.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.config.ValidationErrors;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Impossible stage plans are refused at validation, each problem at its file, line and key. */
class StageValidationTest {
    @TempDir
    Path dir;

    private List<ValidationErrors.Problem> problems(String stages, String... sets) {
        return assertThrows(ValidationErrors.RecipeException.class, () -> new Runs(dir).recipe("bad", stages, sets)).problems();
    }

    private static ValidationErrors.Problem at(List<ValidationErrors.Problem> ps, String key) {
        List<ValidationErrors.Problem> hits = ps.stream().filter(p -> key.equals(p.keyPath())).toList();
        assertEquals(1, hits.size(), "expected one problem at " + key + ", got:\n"
                + ps.stream().map(Object::toString).collect(Collectors.joining("\n")));
        return hits.get(0);
    }

    @Test
    void shrinkingWithAGrowthOperatorIsRefusedAtItsLine() {
        List<ValidationErrors.Problem> ps = problems("""
                progressive:
                  stages:
                    - { until: 8ba }
                    - { model: { layers: 1 }, grow: { depth: stack } }
                """);
        ValidationErrors.Problem p = at(ps, "progressive.stages[1].grow.depth");
        assertTrue(p.message().contains("coalesce"), p.message());
        assertTrue(p.file().endsWith("bad.yaml") && p.line() == 13, p.toString());
    }

    @Test
    void stageBoundariesMustFitTheRun() {
        List<ValidationErrors.Problem> ps = problems("""
                progressive:
                  stages:
                    - { until: 30ba, model: { layers: 1 } }
                    - { until: 0.5dur }
                """);
        assertTrue(at(ps, "progressive.stages[0].until").message().contains("after the run"));
        at(ps, "progressive.stages[1].until");
        assertTrue(at(problems("""
                progressive:
                  stages:
                    - { model: { layers: 1 } }
                    - { }
                """), "progressive.stages[0]").message().contains("needs until"));
    }

    @Test
    void unknownKeysOperatorsAndModelChangesAreReported() {
        assertTrue(at(problems("""
                progressive:
                  stages:
                    - { until: 8ba, model: { layers: 1 } }
                    - { grow: { depth: stak } }
                """), "progressive.stages[1].grow.depth").message().contains("did you mean 'stack'"));
        List<ValidationErrors.Problem> ps = problems("""
                progressive:
                  stages:
                    - { until: 8ba, model: { layrs: 1 } }
                    - { model: { seq_len: 8 } }
                """);
        assertTrue(at(ps, "progressive.stages[0].model.layrs").message().contains("layers"));
        at(ps, "progressive.stages[1].model.seq_len");
    }

    @Test
    void qkNormAndZLossAreRefusedUntilGrowthKnowsThem() {
        List<ValidationErrors.Problem> ps = problems("""
                progressive:
                  stages:
                    - { until: 8ba, model: { layers: 1 } }
                    - { grow: { depth: stack } }
                """, "model.qk_norm=true", "train.z_loss=1e-4");
        assertTrue(at(ps, "model.qk_norm").message().contains("growth operators"));
        assertTrue(at(ps, "train.z_loss").message().contains("z-loss"));
    }

    @Test
    void transitionRulesAreChecked() {
        List<ValidationErrors.Problem> ps = problems("""
                progressive:
                  stages:
                    - { until: 8ba, grow: { depth: stack } }
                    - { until: 16ba, model: { d_model: 48, heads: 3 }, grow: { width: fpi, interpolate: 0.5 } }
                    - { lr: rewarm, model: { d_model: 48, heads: 3 }, warmup: 0ba }
                """);
        at(ps, "progressive.stages[0].grow");
        assertTrue(at(ps, "progressive.stages[1].grow.width").message().contains("not a multiple"));
        assertTrue(at(ps, "progressive.stages[1].grow.interpolate").message().contains("coalesce"));
        assertTrue(at(ps, "progressive.stages[2].warmup").message().contains("rewarm"));
    }
}
