package dev.effitrain.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GptTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private Gpt tiny(ParamStore ps, boolean tied) {
        return new Gpt(ps, new GptSpec(50, 16, 2, 32, 4, 64, tied, 0.0));
    }

    @Test
    void parameterNamesArePytorchStyleAndCountMatchesSpec() {
        try (ParamStore ps = new ParamStore(manager)) {
            Gpt gpt = tiny(ps, false);
            assertTrue(ps.contains("blocks.1.attn.qkv.weight"));
            assertTrue(ps.contains("blocks.0.mlp.fc2.bias"));
            assertTrue(ps.contains("head.weight"));
            assertEquals(new Shape(96, 32), ps.get("blocks.0.attn.qkv.weight").array().getShape());
            assertEquals(gpt.spec().totalParams(), ps.numel());
        }
        try (ParamStore ps = new ParamStore(manager)) {
            Gpt gpt = tiny(ps, true);
            assertTrue(!ps.contains("head.weight"));
            assertEquals(gpt.spec().totalParams(), ps.numel());
        }
    }

    @Test
    void changingALaterTokenNeverChangesAnEarlierOutput() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            Gpt gpt = tiny(ps, true);
            int[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            int[] b = a.clone();
            b[8] = 42;
            b[11] = 0;
            // training mode too: nothing in the model may mix positions except causal attention
            NDArray la = gpt.logits(manager.create(a, new Shape(1, 12)), true);
            NDArray lb = gpt.logits(manager.create(b, new Shape(1, 12)), true);
            float[] prefixA = la.get(new NDIndex(":, 0:8, :")).toFloatArray();
            float[] prefixB = lb.get(new NDIndex(":, 0:8, :")).toFloatArray();
            assertArrayEquals(prefixA, prefixB, 0f);
            float diffAt8 = la.get(new NDIndex(":, 8, :")).sub(lb.get(new NDIndex(":, 8, :"))).abs().max().getFloat();
            assertTrue(diffAt8 > 1e-6, "the changed position itself must change");
        }
    }

    @Test
    void initialLossIsNearLogVocabAndGradientsReachEveryParameter() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            Gpt gpt = tiny(ps, true);
            NDArray ids = manager.randomInteger(0, 50, new Shape(4, 16), DataType.INT32);
            NDArray targets = manager.randomInteger(0, 50, new Shape(4, 16), DataType.INT32);
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = gpt.loss(ids, targets, true);
                gc.backward(l);
                loss = l.getFloat();
            }
            assertEquals(Math.log(50), loss, 0.1);
            for (Param p : ps.all()) {
                NDArray g = p.array().getGradient();
                assertTrue(g.abs().sum().getFloat() > 0, "no gradient for " + p.name());
            }
        }
    }
}
