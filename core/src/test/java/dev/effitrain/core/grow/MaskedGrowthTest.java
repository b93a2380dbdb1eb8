package dev.effitrain.core.grow;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MSG (ALGORITHMS.md §4.f, §4.h): whatever the new weights are, the grown model with the mask at 0
 * computes what the old model did; at 1 it is the plain grown model; in between it is neither.
 */
class MaskedGrowthTest {
    private static final GrowthSpec MSG = new GrowthSpec(DepthOp.STACK, WidthOp.RANDOM, LayerGroups.ADJACENT, 0, true);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(21);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private void assertGptRamp(GptSpec from, GptSpec to, GrowthSpec spec) {
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Gpt source = new Gpt(small, from);
            Models.randomize(small, manager);
            Gpt grown = Models.grow(big, source, to, spec);
            MaskedGpt masked = new MaskedGpt(big, to, GrowthMask.of(ModelDims.of(from), ModelDims.of(to), spec));
            NDArray ids = Models.ids(manager);
            NDArray before = source.logits(ids, false);
            NDArray after = grown.logits(ids, false);
            masked.ramp(0);
            float atZero = Models.maxDiff(before, masked.logits(ids, false));
            assertTrue(atZero <= 1e-5f, "m = 0 is the old model: " + atZero);
            masked.ramp(1);
            float atOne = Models.maxDiff(after, masked.logits(ids, false));
            assertTrue(atOne <= 1e-5f, "m = 1 is the grown model: " + atOne);
            masked.ramp(0.5);
            NDArray half = masked.logits(ids, false);
            assertTrue(Models.maxDiff(before, half) > 1e-4f && Models.maxDiff(after, half) > 1e-4f, "m = 0.5 is in between");
        }
    }

    @Test
    void gptDepthAndWidthGrowthAtMaskZeroIsTheOldModel() {
        assertGptRamp(Models.gpt(1, 16, 2, 32, true), Models.gpt(2, 32, 4, 64, true), MSG);
        assertGptRamp(Models.gpt(2, 16, 2, 32, false), Models.gpt(4, 24, 3, 40, false), MSG);
    }

    @Test
    void copiedAndFreshLayersRampInToo() {
        assertGptRamp(Models.gpt(2, 16, 2, 32, true), Models.gpt(4, 16, 2, 32, true),
                new GrowthSpec(DepthOp.INTERLEAVE, WidthOp.RANDOM, LayerGroups.ADJACENT, 0, true));
        assertGptRamp(Models.gpt(0, 16, 2, 32, true), Models.gpt(2, 16, 2, 32, true),
                new GrowthSpec(DepthOp.RANDOM, WidthOp.RANDOM, LayerGroups.ADJACENT, 0, true));
    }

    @Test
    void vitAtMaskZeroIsTheOldModel() {
        VitSpec from = Models.vit(1, 16, 2, 32);
        VitSpec to = Models.vit(2, 32, 4, 64);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Vit source = new Vit(small, from);
            Models.randomize(small, manager);
            Vit grown = Models.grow(big, source, to, MSG);
            MaskedVit masked = new MaskedVit(big, to, GrowthMask.of(ModelDims.of(from), ModelDims.of(to), MSG));
            NDArray images = Models.images(manager);
            masked.ramp(0);
            assertTrue(Models.maxDiff(source.logits(images, false), masked.logits(images, false)) <= 1e-5f);
            masked.ramp(1);
            assertTrue(Models.maxDiff(grown.logits(images, false), masked.logits(images, false)) <= 1e-5f);
        }
    }
}
