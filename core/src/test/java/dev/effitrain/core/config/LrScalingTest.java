package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.effitrain.core.optim.LrScaling;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optimizer.lr_scaling}: the documented values, min_lr and overrides scaled alike, validation. */
class LrScalingTest {

    private static final String RECIPE = """
            train: { duration: 10ba, batch_size: 16 }
            optimizer:
              lr: 1.0e-3
              overrides: [{match: 'tok_embed.*', lr: 5.0e-4}]
              lr_scaling: {rule: sqrt, reference_batch: 16}
            schedule: { min_lr: 1.0e-4 }
            """;

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
    }

    @Test
    void rulesGiveTheDocumentedValues() {
        // ALGORITHMS.md 5.3: x4 batch gives x4 lr for linear (SGD), x2 for sqrt (Adam)
        assertEquals(4e-3, LrScaling.scale(1e-3, "linear", 1024, 256), 1e-18);
        assertEquals(2e-3, LrScaling.scale(1e-3, "sqrt", 1024, 256), 1e-18);
        assertEquals(0.5e-3, LrScaling.scale(1e-3, "sqrt", 64, 256), 1e-18);
        assertEquals(1.5e-4 * 64 / 256, LrScaling.scale(1.5e-4, "linear", 64, 256));   // MAE's base_lr rule, bit for bit
    }

    @Test
    void batchThroughSetScalesLrMinLrAndOverrides() {
        Recipe written = fx.loadText(RECIPE, "train.batch_size=64", "train.grad_accum=4");
        Recipe applied = LrScaling.apply(written);
        assertEquals(2e-3, applied.optimizer().lr(), 1e-15);
        assertEquals(2e-4, applied.schedule().minLr(), 1e-15);
        assertEquals(1e-3, applied.optimizer().overrides().get(0).lr(), 1e-15);
        assertEquals(written.resolvedYaml(), applied.resolvedYaml());   // recipe.yaml keeps lr as written
        assertEquals("lr_scaling: sqrt, batch 64 / reference 16: optimizer.lr 0.001 -> 0.002, schedule.min_lr 1.0E-4 -> 2.0E-4",
                LrScaling.describe(written, applied).orElseThrow());
    }

    @Test
    void atTheReferenceBatchOrWithoutTheKeyNothingChanges() {
        Recipe atReference = fx.loadText(RECIPE);
        assertSame(atReference, LrScaling.apply(atReference));
        Recipe without = fx.loadText("train: { duration: 10ba, batch_size: 64 }\n");
        assertSame(without, LrScaling.apply(without));
        assertEquals(false, LrScaling.describe(without, without).isPresent());
    }

    @Test
    void setKeyByKeyOverTheNullDefault() {
        Recipe r = LrScaling.apply(fx.loadText("train: { duration: 10ba, batch_size: 64 }\noptimizer: { lr: 1.0e-3 }\n",
                "optimizer.lr_scaling.rule=sqrt", "optimizer.lr_scaling.reference_batch=16"));
        assertEquals(2e-3, r.optimizer().lr(), 1e-15);
    }

    @Test
    void linearThroughSetOfTheRule() {
        Recipe r = LrScaling.apply(fx.loadText(RECIPE, "optimizer.lr_scaling.rule=linear", "train.batch_size=8"));
        assertEquals(0.5e-3, r.optimizer().lr(), 1e-15);
    }

    @Test
    void unknownRuleAndSmallReferenceAreNamed() {
        var problems = fx.problemsOf("""
                train: { duration: 10ba }
                optimizer:
                  lr_scaling: {rule: cubic, reference_batch: 0}
                """);
        assertProblem(problems, "x.yaml", 3, "optimizer.lr_scaling.rule", "unknown value 'cubic'");
        assertProblem(problems, "x.yaml", 3, "optimizer.lr_scaling.reference_batch", "must be at least 1, got 0");
        var unknownKey = fx.problemsOf("""
                train: { duration: 10ba }
                optimizer:
                  lr_scaling: {rule: sqrt, reference: 16}
                """);
        assertProblem(unknownKey, "x.yaml", 3, "optimizer.lr_scaling.reference", "unknown key");
    }

    @Test
    void zLossMustBeNonNegativeAndIsForLanguageModels() {
        var negative = fx.problemsOf("train: { duration: 10ba, z_loss: -1.0e-4 }\n");
        assertProblem(negative, "x.yaml", 1, "train.z_loss", "must be");
        var vit = fx.problemsOf("""
                train: { duration: 10ba, z_loss: 1.0e-4 }
                model: { arch: vit, qk_norm: true }
                data: { source: synthetic-image }
                """);
        assertProblem(vit, "x.yaml", 1, "train.z_loss", "applies to language models (model.arch: gpt), not to vit");
        assertEquals(1, vit.size(), RecipeFixture.show(vit));   // qk_norm is fine on a ViT
    }
}
