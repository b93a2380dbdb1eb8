package dev.effitrain.trainers.ats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ViT with ATS in several blocks: multi-stage behaviour, compaction, FLOPs, gradients. */
class AtsVitTest {
    // 16x16 images, patch 4: 16 patches + CLS; 4 blocks of width 32
    private static final VitSpec MEAN_POOL = new VitSpec(16, 4, 1, 5, 4, 32, 4, 64, 0, false, true);
    private static final VitSpec CLS_POOL = new VitSpec(16, 4, 1, 5, 4, 32, 4, 64, 0, true, true);
    private NDManager manager;
    private NDScope scope;
    private ParamStore params;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager(Device.cpu());
        params = new ParamStore(manager);
        scope = new NDScope();
    }

    @AfterEach
    void tearDown() {
        scope.close();
        params.close();
        manager.close();
    }

    private static AtsConfig config(List<Integer> blocks, List<Double> k, boolean drop) {
        return new AtsConfig("eval", blocks, null, k, drop, true, true, 0);
    }

    @Test
    void keptCountsNeverGrowFromOneAtsStageToTheNext() {
        Vit vit = new Vit(params, MEAN_POOL);
        NDArray images = manager.randomNormal(new Shape(6, 1, 16, 16));
        for (List<Double> k : List.of(List.of(1.0), List.of(12.0, 10.0, 8.0), List.of(8.0, 17.0, 17.0))) {
            AtsVit.Pass pass = AtsVit.of(vit, config(List.of(1, 2, 3), k, true)).forward(images, false, true);
            List<int[]> kept = pass.kept();
            assertEquals(3, kept.size());
            for (int b = 0; b < 6; b++) {
                assertTrue(kept.get(0)[b] < 17, "the first stage drops at least its least significant token");
                for (int st = 1; st < 3; st++) {
                    assertTrue(kept.get(st)[b] <= kept.get(st - 1)[b], "K " + k + ", image " + b + ": "
                            + kept.get(st - 1)[b] + " then " + kept.get(st)[b]);
                }
            }
        }
    }

    @Test
    void compactingTheBatchChangesNoResult() {
        for (VitSpec spec : List.of(MEAN_POOL, CLS_POOL)) {
            try (ParamStore ps = new ParamStore(manager)) {
                Vit vit = new Vit(ps, spec);
                NDArray images = manager.randomNormal(new Shape(5, 1, 16, 16));
                AtsVit.Pass compact = AtsVit.of(vit, config(List.of(1, 3), List.of(0.7, 1.0), true)).forward(images, false, true);
                AtsVit.Pass masked = AtsVit.of(vit, config(List.of(1, 3), List.of(0.7, 1.0), false)).forward(images, false, true);
                assertEquals(17, masked.widths().get(1), "without dropping, every slot stays");
                assertTrue(compact.widths().get(1) < 17);
                for (int st = 0; st < 2; st++) {
                    assertArrayEquals(masked.kept().get(st), compact.kept().get(st));
                }
                assertClose(masked.logits().toFloatArray(), compact.logits().toFloatArray(), 1e-4f);
            }
        }
    }

    @Test
    void anImageGetsTheSameResultAloneAsInABatch() {
        Vit vit = new Vit(params, MEAN_POOL);
        AtsVit ats = AtsVit.of(vit, config(List.of(1, 2), List.of(0.8), true));
        NDArray images = manager.randomNormal(new Shape(4, 1, 16, 16));
        AtsVit.Pass batch = ats.forward(images, false, true);
        for (int b = 0; b < 4; b++) {
            AtsVit.Pass alone = ats.forward(images.get(new NDIndex("{}:{}", b, b + 1)), false, true);
            assertEquals(batch.kept().get(1)[b], alone.kept().get(1)[0]);
            assertClose(alone.logits().toFloatArray(), batch.logits().get(new NDIndex("{}", b)).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void samplingIsDeterministic() {
        Vit vit = new Vit(params, MEAN_POOL);
        AtsVit ats = AtsVit.of(vit, config(List.of(0, 2), List.of(10.0, 8.0), true));
        NDArray images = manager.randomNormal(new Shape(4, 1, 16, 16));
        AtsVit.Pass a = ats.forward(images, false, true);
        AtsVit.Pass b = ats.forward(images, false, true);
        for (int st = 0; st < 2; st++) {
            assertArrayEquals(a.stages().get(st).origin().toLongArray(), b.stages().get(st).origin().toLongArray());
        }
        assertArrayEquals(a.logits().toFloatArray(), b.logits().toFloatArray());
    }

    @Test
    void fineTuningSendsGradientsThroughTheKeptTokens() {
        Vit vit = new Vit(params, CLS_POOL);
        AtsVit ats = AtsVit.of(vit, config(List.of(1, 2), List.of(0.5), true));
        NDArray images = manager.randomNormal(new Shape(4, 1, 16, 16));
        NDArray labels = manager.create(new int[] {0, 1, 2, 3});
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(Losses.crossEntropy(ats.forward(images, true, true).logits(), labels));
        }
        for (String name : List.of("blocks.1.attn.qkv.weight", "blocks.2.mlp.fc1.weight", "blocks.3.attn.proj.weight",
                "patch_embed.proj.weight")) {
            NDArray g = params.get(name).array().getGradient();
            assertTrue(g.abs().sum().getFloat() > 0, name + " got no gradient");
        }
    }

    @Test
    void flopsCountTheTokensEachBlockProcesses() {
        VitSpec s = MEAN_POOL;
        int n = 17;
        double extraScoring = 2.0 * n * s.dModel();
        assertEquals(s.blockFlops(n) + extraScoring, AtsFlops.samplingBlock(s, n, n), 1e-6);
        assertEquals(s.forwardFlops() + extraScoring, AtsFlops.image(s, List.of(2), new int[] {n}), 1e-3);
        double fewer = AtsFlops.image(s, List.of(1, 2), new int[] {9, 5});
        double expected = AtsFlops.outsideBlocks(s) + s.blockFlops(n) + AtsFlops.samplingBlock(s, n, 9)
                + AtsFlops.samplingBlock(s, 9, 5) + s.blockFlops(5);
        assertEquals(expected, fewer, 1e-3);
        assertTrue(fewer < 0.7 * s.forwardFlops());
    }

    private static void assertClose(float[] a, float[] b, float tol) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], tol, "element " + i);
        }
    }
}
