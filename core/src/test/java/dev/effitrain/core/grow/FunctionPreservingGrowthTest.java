package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ALGORITHMS.md §4.h: function-preserving operators give the same logits after growth (within
 * 1e-5) on random inputs, for GPT with a tied and an untied head and for ViT; the ones that are
 * not function-preserving change them.
 */
class FunctionPreservingGrowthTest {
    private static final float TOLERANCE = 1e-5f;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Logits of the source and of its growth with {@code spec} into {@code to}: max |Δ|. */
    private float gptGap(GptSpec from, GptSpec to, GrowthSpec spec) {
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Gpt source = new Gpt(small, from);
            Models.randomize(small, manager);
            Gpt grown = Models.grow(big, source, to, spec);
            NDArray ids = Models.ids(manager);
            assertEquals(to.totalParams(), big.numel());
            return Models.maxDiff(source.logits(ids, false), grown.logits(ids, false));
        }
    }

    private float vitGap(VitSpec from, VitSpec to, GrowthSpec spec) {
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Vit source = new Vit(small, from);
            Models.randomize(small, manager);
            Vit grown = Models.grow(big, source, to, spec);
            NDArray images = Models.images(manager);
            return Models.maxDiff(source.logits(images, false), grown.logits(images, false));
        }
    }

    @ParameterizedTest(name = "tied head: {0}")
    @ValueSource(booleans = {true, false})
    void fpiDoublingWidthHeadsAndMlpPreservesGptLogits(boolean tied) {
        float gap = gptGap(Models.gpt(2, 16, 2, 32, tied), Models.gpt(2, 32, 4, 64, tied), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertTrue(gap <= TOLERANCE, "max |Δlogit| " + gap);
    }

    @ParameterizedTest(name = "tied head: {0}")
    @ValueSource(booleans = {true, false})
    void fpiTriplingWidthAndIdentityDepthTogetherPreserveGptLogits(boolean tied) {
        float gap = gptGap(Models.gpt(1, 16, 2, 32, tied), Models.gpt(3, 48, 6, 80, tied),
                GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI));
        assertTrue(gap <= TOLERANCE, "max |Δlogit| " + gap);
    }

    @Test
    void fpiGrowingOnlyTheMlpByAnyAmountPreservesLogits() {
        // no LayerNorm sits on the MLP units, so uneven copy counts are still exact
        float gap = gptGap(Models.gpt(2, 16, 2, 32, true), Models.gpt(2, 16, 2, 45, true), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertTrue(gap <= TOLERANCE, "max |Δlogit| " + gap);
    }

    @ParameterizedTest(name = "tied head: {0}")
    @ValueSource(booleans = {true, false})
    void identityLayersPreserveGptLogits(boolean tied) {
        float gap = gptGap(Models.gpt(2, 16, 2, 32, tied), Models.gpt(5, 16, 2, 32, tied), GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI));
        assertTrue(gap <= 1e-6f, "max |Δlogit| " + gap);
    }

    @Test
    void identityGrowthFromZeroLayersPreservesLogits() {
        float gap = gptGap(Models.gpt(0, 16, 2, 32, true), Models.gpt(2, 16, 2, 32, true), GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI));
        assertTrue(gap <= 1e-6f, "max |Δlogit| " + gap);
    }

    @Test
    void vitFpiWidthAndIdentityDepthPreserveLogits() {
        assertTrue(vitGap(Models.vit(2, 16, 2, 32), Models.vit(2, 32, 4, 64), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)) <= TOLERANCE);
        assertTrue(vitGap(Models.vit(2, 16, 2, 32), Models.vit(4, 16, 2, 32), GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI)) <= 1e-6f);
        assertTrue(vitGap(Models.vit(1, 16, 2, 32), Models.vit(2, 32, 4, 64), GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI)) <= TOLERANCE);
    }

    @Test
    void stackingRandomLayersAndNoiseChangeTheFunction() {
        GptSpec from = Models.gpt(2, 16, 2, 32, true);
        assertTrue(gptGap(from, Models.gpt(4, 16, 2, 32, true), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)) > 1e-3f);
        assertTrue(gptGap(from, Models.gpt(4, 16, 2, 32, true), GrowthSpec.of(DepthOp.RANDOM, WidthOp.FPI)) > 1e-3f);
        GrowthSpec noisy = new GrowthSpec(DepthOp.STACK, WidthOp.FPI, LayerGroups.ADJACENT, 0.01, false);
        float gap = gptGap(from, Models.gpt(2, 32, 4, 64, true), noisy);
        assertTrue(gap > 1e-5f && gap < 0.5f, "small noise, small change: " + gap);
        assertFalse(noisy.preservesFunction(ModelDims.of(from), ModelDims.of(Models.gpt(2, 32, 4, 64, true))));
    }

    @Test
    void unevenDuplicationUnderLayerNormIsNotFunctionPreserving() {
        // 16 → 24 units: half the units are copied twice, half once; LayerNorm statistics change
        GptSpec from = Models.gpt(1, 16, 2, 32, true);
        GptSpec to = Models.gpt(1, 24, 3, 32, true);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Gpt source = new Gpt(small, from);
            Models.randomize(small, manager);
            Gpt grown = new Gpt(big, to);
            Map<String, NDArray> widened = WidthTransform.grow(small.arrays(), ModelDims.of(from), ModelDims.of(to),
                    WidthOp.FPI, Fresh.initialised(big.arrays()));
            Models.load(big, widened);
            NDArray ids = Models.ids(manager);
            float gap = Models.maxDiff(source.logits(ids, false), grown.logits(ids, false));
            assertTrue(gap > 1e-3f, "uneven copies must change the function, gap " + gap);
        }
        assertFalse(GrowthCheck.check(ModelDims.of(from), ModelDims.of(to), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)).isEmpty(),
                "and the checked API refuses it");
    }

    @Test
    void preservesFunctionMatchesWhatTheTestsMeasure() {
        ModelDims small = ModelDims.of(Models.gpt(2, 16, 2, 32, true));
        ModelDims wide = ModelDims.of(Models.gpt(2, 32, 4, 64, true));
        ModelDims deep = ModelDims.of(Models.gpt(4, 16, 2, 32, true));
        assertTrue(GrowthSpec.of(DepthOp.STACK, WidthOp.FPI).preservesFunction(small, wide));
        assertTrue(GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI).preservesFunction(small, deep));
        assertFalse(GrowthSpec.of(DepthOp.STACK, WidthOp.FPI).preservesFunction(small, deep));
        assertFalse(GrowthSpec.of(DepthOp.STACK, WidthOp.AKI).preservesFunction(small, wide));
        assertTrue(new GrowthSpec(DepthOp.STACK, WidthOp.RANDOM, LayerGroups.ADJACENT, 0, true).preservesFunction(small, deep));
    }
}
