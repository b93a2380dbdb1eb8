package dev.effitrain.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** qk_norm and z-loss: off is the old model bit for bit; on, gradients match finite differences; the probe reads right. */
class StabilityKnobsTest {
    private static final int VOCAB = 11;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static GptSpec spec(boolean qkNorm) {
        return new GptSpec(VOCAB, 6, 2, 8, 2, 16, true, 0.0, false, qkNorm);
    }

    private Gpt seeded(ParamStore ps, GptSpec spec) {
        Engine.getInstance().setRandomSeed(11);
        return new Gpt(ps, spec);
    }

    private NDArray ids(long... v) {
        return manager.create(v, new Shape(1, v.length));
    }

    @Test
    void offIsTheOldModelBitForBit() {
        try (ParamStore old = new ParamStore(manager); ParamStore off = new ParamStore(manager);
             ParamStore on = new ParamStore(manager); NDScope scope = new NDScope()) {
            Gpt before = seeded(old, new GptSpec(VOCAB, 6, 2, 8, 2, 16, true, 0.0));
            Gpt now = seeded(off, spec(false));
            assertEquals(List.copyOf(old.arrays().keySet()), List.copyOf(off.arrays().keySet()));
            old.arrays().forEach((name, a) -> assertArrayEquals(a.toFloatArray(), off.arrays().get(name).toFloatArray(), name));
            NDArray x = ids(1, 2, 3, 4, 5, 6);
            NDArray y = ids(2, 3, 4, 5, 6, 7);
            assertArrayEquals(before.logits(x, false).toFloatArray(), now.logits(x, false).toFloatArray());
            NDArray ce = now.loss(x, y, false);
            assertEquals(ce.getFloat(), now.loss(x, y, false, 0).getFloat());   // z_loss 0: the same number
            NDArray logits = now.logits(x, false);
            NDArray plain = Losses.crossEntropy(logits, y);
            assertSame(plain, ZLoss.add(plain, logits, 0));

            Gpt normed = seeded(on, spec(true));
            assertTrue(on.contains("blocks.1.attn.q_norm.weight") && on.contains("blocks.0.attn.k_norm.bias"));
            assertEquals(new Shape(4), on.get("blocks.0.attn.q_norm.weight").array().getShape());   // head_dim
            assertEquals(normed.spec().totalParams(), on.numel());
            assertEquals(now.spec().totalParams(), off.numel());
        }
    }

    @Test
    void zLossAddsCoefTimesMeanSquaredLogPartition() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            Gpt gpt = seeded(ps, spec(false));
            NDArray x = ids(1, 2, 3, 4, 5, 6);
            NDArray y = ids(2, 3, 4, 5, 6, 7);
            float[] logits = gpt.logits(x, false).toFloatArray();
            double sumSquares = 0;
            for (int t = 0; t < 6; t++) {
                double z = 0;
                for (int v = 0; v < VOCAB; v++) {
                    z += Math.exp(logits[t * VOCAB + v]);
                }
                sumSquares += Math.log(z) * Math.log(z);
            }
            double expected = gpt.loss(x, y, false).getFloat() + 0.5 * sumSquares / 6;
            assertEquals(expected, gpt.loss(x, y, false, 0.5).getFloat(), 1e-5);
        }
    }

    /** Central finite differences in float64 against autograd, on qk_norm's own parameters and on qkv, with the z-loss on. */
    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        try (ParamStore ps = new ParamStore(manager)) {
            Gpt gpt = seeded(ps, spec(true));
            for (Param p : ps.all()) {
                NDArray d = p.array().toType(DataType.FLOAT64, true);
                d.setRequiresGradient(true);
                p.replace(d);
            }
            // away from the ones/zeros init, so that the norms' gradients are not special
            perturb(ps.get("blocks.0.attn.q_norm.weight"), 0.5);
            perturb(ps.get("blocks.1.attn.k_norm.weight"), 0.3);
            NDArray x = ids(1, 2, 3, 4, 5, 6);
            NDArray y = ids(2, 3, 4, 5, 6, 7);
            double zLoss = 0.05;
            Map<String, Integer> probes = Map.of("blocks.0.attn.q_norm.weight", 1, "blocks.0.attn.k_norm.weight", 2,
                    "blocks.1.attn.q_norm.bias", 3, "blocks.1.attn.k_norm.weight", 0, "blocks.0.attn.qkv.weight", 37);
            for (Map.Entry<String, Integer> e : probes.entrySet()) {
                Param p = ps.get(e.getKey());
                int i = e.getValue();
                double analytic;
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(gpt.loss(x, y, true, zLoss));
                    analytic = p.array().getGradient().toDoubleArray()[i];
                }
                double h = 1e-5;
                double numeric = (lossWith(gpt, p, i, h, x, y, zLoss) - lossWith(gpt, p, i, -h, x, y, zLoss)) / (2 * h);
                assertTrue(Math.abs(analytic) > 1e-6, e.getKey() + " has a gradient to check: " + analytic);
                assertEquals(numeric, analytic, 1e-8 + 1e-6 * Math.abs(numeric), e.getKey() + "[" + i + "]");
                zeroGradients(ps);
            }
            // a key bias adds q·b to every score of a row, which softmax ignores: its gradient is zero
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(gpt.loss(x, y, true, zLoss));
                for (double g : ps.get("blocks.1.attn.k_norm.bias").array().getGradient().toDoubleArray()) {
                    assertEquals(0, g, 1e-15);
                }
            }
        }
    }

    private static void zeroGradients(ParamStore ps) {
        for (Param q : ps.all()) {
            q.array().getGradient().subi(q.array().getGradient());
        }
    }

    private void perturb(Param p, double by) {
        double[] v = p.array().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += by * Math.sin(i + 1.0);
        }
        NDArray next = manager.create(v, p.array().getShape());
        next.setRequiresGradient(true);
        p.replace(next);
    }

    private double lossWith(Gpt gpt, Param p, int i, double delta, NDArray x, NDArray y, double zLoss) {
        NDArray original = p.array();
        double[] v = original.toDoubleArray();
        v[i] += delta;
        try (NDScope scope = new NDScope()) {
            p.replace(manager.create(v, original.getShape()));
            return gpt.loss(x, y, false, zLoss).getDouble();
        } finally {
            p.replace(original);
        }
    }

    /** The probe's max attention logit equals |q·k|/√d computed here from the weights, over causal pairs only. */
    @Test
    void probeReadsTheLargestAttentionLogitAndTheLogitRms() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            Gpt gpt = seeded(ps, new GptSpec(VOCAB, 6, 1, 8, 2, 16, true, 0.0, false, false));
            ForwardProbe probe = new ForwardProbe();
            gpt.observe(probe);
            NDArray x = ids(1, 5, 3, 9, 5, 6);
            gpt.logits(x, false);
            assertTrue(probe.drain().isEmpty(), "nothing is read while disarmed");
            probe.arm();
            float[] logits = gpt.logits(x, false).toFloatArray();
            Map<String, Object> seen = probe.drain();
            assertFalse(probe.armed());

            NDArray emb = ps.get("tok_embed.weight").array().get(x.toType(DataType.INT64, false).flatten())
                    .add(ps.get("pos_embed.weight").array());
            NDArray h = ai.djl.nn.norm.LayerNorm.layerNorm(emb, new Shape(8), ps.get("blocks.0.norm1.weight").array(),
                    ps.get("blocks.0.norm1.bias").array(), 1e-5f).head();
            NDArray qkv = h.matMul(ps.get("blocks.0.attn.qkv.weight").array().transpose()).add(ps.get("blocks.0.attn.qkv.bias").array());
            float[] q = qkv.get(new NDIndex(":, 0:8")).toFloatArray();
            float[] k = qkv.get(new NDIndex(":, 8:16")).toFloatArray();
            double max = 0;
            for (int head = 0; head < 2; head++) {
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int c = 0; c < 4; c++) {
                            dot += q[i * 8 + head * 4 + c] * k[j * 8 + head * 4 + c];
                        }
                        max = Math.max(max, Math.abs(dot) / 2.0);
                    }
                }
            }
            assertEquals(max, (double) seen.get("max_attn_logit"), 1e-5 * max);
            double sum = 0;
            for (float l : logits) {
                sum += (double) l * l;
            }
            assertEquals(Math.sqrt(sum / logits.length), (double) seen.get("logit_rms"), 1e-6);
        }
    }
}
