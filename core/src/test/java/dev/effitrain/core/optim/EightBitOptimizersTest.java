package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.OptimTestSupport.config;
import static dev.effitrain.core.optim.OptimTestSupport.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ALGORITHMS.md §1.4, §1.9, §1.11: 8-bit optimizers against their 32-bit twins, state sizes, edge cases. */
class EightBitOptimizersTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(42);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /**
     * bitsandbytes' test_optimizer8bit protocol: p = 0.1·randn, g = 0.01·randn, 50 steps of both
     * optimizers; after each step the 32-bit twin is re-synced to the 8-bit parameters and decoded
     * state, so every check measures one step's quantization error.
     */
    @ParameterizedTest(name = "{1} vs {0} on {3}x{4}")
    @CsvSource({
        "adam, adam8bit, 0.001, 1024, 32",
        "adam, adam8bit, 0.001, 500, 1025",
        "adamw, adamw8bit, 0.001, 1024, 32",
        "momentum, momentum8bit, 0.01, 1024, 32",
        "rmsprop, rmsprop8bit, 0.01, 1024, 32",
        "lion, lion8bit, 0.0001, 1024, 32",
    })
    void eightBitTracksThirtyTwoBitStepByStep(String name32, String name8, double lr, int rows, int cols) {
        Shape shape = new Shape(rows, cols);
        Param p32 = OptimTestSupport.randomParam(manager, "w", Param.Kind.WEIGHT, shape, 0.1f);
        Param p8 = OptimTestSupport.param(manager, "w", Param.Kind.WEIGHT, p32.array());
        OptimizerConfig cfg32 = OptimTestSupport.withBetas(config(name32, lr, 0), null);
        OptimizerConfig cfg8 = OptimTestSupport.withBetas(config(name8, lr, 0), null);
        try (RuleOptimizer opt32 = (RuleOptimizer) Optimizers.create(cfg32, List.of(p32), manager);
             RuleOptimizer opt8 = (RuleOptimizer) Optimizers.create(cfg8, List.of(p8), manager)) {
            assertTrue(opt8.quantized("w"));
            int states = name32.equals("adam") || name32.equals("adamw") ? 2 : 1;
            for (int step = 0; step < 50; step++) {
                try (NDScope scope = new NDScope()) {
                    NDArray g = manager.randomNormal(0f, 0.01f, shape, DataType.FLOAT32);
                    setGrad(p32, g);
                    setGrad(p8, g);
                    opt32.step(List.of(p32), lr);
                    opt8.step(List.of(p8), lr);
                    for (int i = 0; i < states; i++) {
                        NDArray exact = opt32.stateAsFloat("w", i);
                        NDArray decoded = opt8.stateAsFloat("w", i);
                        long notClose = exact.sub(decoded).abs().gt(decoded.abs().mul(1e-3f).add(3e-3f))
                                .countNonzero().getLong();
                        assertTrue(notClose < 20, "step " + step + " state " + i + ": " + notClose + " not close");
                        if (i == 0) {
                            assertSignsKept(exact, decoded, step);
                            double rel = meanRelativeError(exact, decoded);
                            // bnb's round-trip bound for signed data; RMSprop's state is a skewed square
                            double bound = name32.equals("rmsprop") ? 0.05 : 0.018;
                            assertTrue(rel < bound, name8 + " step " + step + ": first state mean rel err " + rel);
                        }
                    }
                    NDArray err = p32.array().sub(p8.array()).abs();
                    double meanErr = err.mean().getFloat();
                    double meanRel = err.div(p32.array().abs().add(1e-9f)).mean().getFloat();
                    assertTrue(meanErr < 6e-5, "step " + step + ": mean |dp| " + meanErr);
                    assertTrue(meanRel < 6e-4, "step " + step + ": mean rel dp " + meanRel);
                    resync(opt32, opt8, p32, p8, states);
                }
            }
        }
    }

    /**
     * The paper's ablation shape on state precision: with per-row gradient scales spanning three
     * decades, block-wise dynamic beats tensor-wise dynamic, which beats tensor-wise linear.
     */
    @Test
    void ablationOrdersLinearBelowDynamicBelowBlockwise() {
        Shape shape = new Shape(1024, 32);
        NDArray rowScale = manager.arange(1024f).div(-1023f / 3f).toType(DataType.FLOAT32, false);
        rowScale = manager.create(10f).pow(rowScale).reshape(1024, 1);
        double[] rel = new double[3];
        String[] names = {"adamw8bit", "adamw-dynamic8bit-noblock", "adamw-linear8bit"};
        for (int v = 0; v < names.length; v++) {
            Engine.getInstance().setRandomSeed(5);
            Param p32 = OptimTestSupport.randomParam(manager, "w", Param.Kind.WEIGHT, shape, 0.1f);
            Param p8 = OptimTestSupport.param(manager, "w", Param.Kind.WEIGHT, p32.array());
            try (RuleOptimizer opt32 = (RuleOptimizer) Optimizers.create(config("adamw", 1e-3, 0), List.of(p32), manager);
                 RuleOptimizer opt8 = (RuleOptimizer) Optimizers.create(config(names[v], 1e-3, 0), List.of(p8), manager)) {
                for (int step = 0; step < 10; step++) {
                    try (NDScope scope = new NDScope()) {
                        NDArray g = manager.randomNormal(0f, 0.01f, shape, DataType.FLOAT32).mul(rowScale);
                        setGrad(p32, g);
                        setGrad(p8, g);
                        opt32.step(List.of(p32), 1e-3);
                        opt8.step(List.of(p8), 1e-3);
                        rel[v] += meanRelativeError(opt32.stateAsFloat("w", 0), opt8.stateAsFloat("w", 0)) / 10;
                        resync(opt32, opt8, p32, p8, 2);
                    }
                }
            }
        }
        assertTrue(rel[0] < 0.018, "block-wise dynamic: " + rel[0]);
        assertTrue(rel[0] < rel[1] && rel[1] < rel[2],
                "expected blockwise < tensor-wise dynamic < linear, got " + java.util.Arrays.toString(rel));
    }

    /** bitsandbytes' relative error: mean of |a - b| / |a|. */
    private static double meanRelativeError(NDArray exact, NDArray decoded) {
        return exact.sub(decoded).abs().div(exact.abs().add(1e-12f)).mean().getFloat();
    }

    /** The first moment keeps its sign: never flipped, and a negative value never decodes to zero. */
    private static void assertSignsKept(NDArray exact, NDArray decoded, int step) {
        long flipped = exact.mul(decoded).lt(0f).countNonzero().getLong();
        long negativeToZero = exact.lt(0f).logicalAnd(decoded.gte(0f)).countNonzero().getLong();
        assertEquals(0, flipped, "step " + step + ": sign flips");
        assertEquals(0, negativeToZero, "step " + step + ": negatives rounded to >= 0");
    }

    private static void resync(RuleOptimizer opt32, RuleOptimizer opt8, Param p32, Param p8, int states) {
        p32.array().set(new NDIndex(":"), p8.array());
        Map<String, NDArray> live = opt32.stateTensors();
        AdamRule names = new AdamRule(0, 0, 0, true);
        for (int i = 0; i < states; i++) {
            String key = states == 2 ? "w." + names.stateName(i) : live.keySet().stream()
                    .filter(k -> k.startsWith("w.") && !k.equals("w.step")).findFirst().orElseThrow();
            live.get(key).set(new NDIndex(":"), opt8.stateAsFloat("w", i));
        }
    }

    @Test
    void adamStateIsTwoBytesPerParameterPlusEightPerBlock() {
        Param weight = zeros("fc.weight", Param.Kind.WEIGHT, new Shape(1024, 1024));
        Param bias = zeros("fc.bias", Param.Kind.BIAS, new Shape(1024));
        Param below = zeros("small", Param.Kind.WEIGHT, new Shape(4095));
        Param at = zeros("edge", Param.Kind.WEIGHT, new Shape(4096));
        List<Param> all = List.of(weight, bias, below, at);
        try (Optimizer opt = Optimizers.create(config("adam8bit", 1e-3, 0), all, manager);
             Optimizer full = Optimizers.create(config("adam", 1e-3, 0), all, manager)) {
            Map<String, Long> bytes = opt.stateBytesPerParam();
            assertEquals(2_129_920L, bytes.get("fc.weight")); // 2 B/param + 8 B per 256-block
            assertEquals(8_192L, bytes.get("fc.bias"));       // fp32 fallback below 4096 elements
            assertEquals(8L * 4095, bytes.get("small"));
            assertEquals(2L * 4096 + 8 * 16, bytes.get("edge"));
            assertEquals(8_388_608L, full.stateBytesPerParam().get("fc.weight"));
            assertTrue((double) bytes.get("fc.weight") / full.stateBytesPerParam().get("fc.weight") < 0.26);

            Map<String, NDArray> t = opt.stateTensors();
            assertEquals(DataType.UINT8, t.get("fc.weight.state1.codes").getDataType());
            assertEquals(new Shape(1024, 1024), t.get("fc.weight.state2.codes").getShape());
            assertEquals(new Shape(4096), t.get("fc.weight.state1.absmax").getShape());
            assertEquals(DataType.FLOAT32, t.get("fc.weight.state2.absmax").getDataType());
            assertEquals(DataType.FLOAT32, t.get("fc.bias.exp_avg").getDataType());
            assertTrue(t.containsKey("fc.bias.exp_avg_sq") && t.containsKey("small.exp_avg"));
            assertArrayEquals(QuantMap.dynamic(true).codes(), t.get("qmap1").toFloatArray());
            assertArrayEquals(QuantMap.dynamic(false).codes(), t.get("qmap2").toFloatArray());
            assertTrue(t.containsKey("step") && t.containsKey("fc.weight.step"));
            assertFalse(t.containsKey("fc.weight.exp_avg"));
        }
    }

    @Test
    void oneStateOptimizersAndBlockSizes() {
        Param weight = zeros("w", Param.Kind.WEIGHT, new Shape(1024, 1024));
        try (Optimizer momentum = Optimizers.create(config("momentum8bit", 1e-2, 0), List.of(weight), manager)) {
            assertEquals(1_048_576L + 4 * 4096, momentum.stateBytes());
        }
        OptimizerConfig paper = OptimTestSupport.withBlocks(config("adamw8bit", 1e-3, 0), 2048, 4096);
        try (Optimizer opt = Optimizers.create(paper, List.of(weight), manager)) {
            assertEquals(2L * 1_048_576 + 8 * 512, opt.stateBytes());
            assertEquals(new Shape(512), opt.stateTensors().get("w.state1.absmax").getShape());
        }
        for (String ablation : List.of("adamw-linear8bit", "adamw-dynamic8bit-noblock")) {
            try (Optimizer opt = Optimizers.create(config(ablation, 1e-3, 0), List.of(weight), manager)) {
                assertEquals(new Shape(1), opt.stateTensors().get("w.state1.absmax").getShape(), ablation);
                assertEquals(2L * 1_048_576 + 8, opt.stateBytes(), ablation);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"adamw", "adamw8bit", "lion8bit"})
    void nonFiniteGradientElementsZeroTheirStateAndLeaveTheParameter(String name) {
        Shape shape = new Shape(64, 128);
        Param w = OptimTestSupport.randomParam(manager, "w", Param.Kind.WEIGHT, shape, 0.1f);
        Param ref = OptimTestSupport.param(manager, "w", Param.Kind.WEIGHT, w.array());
        int[] bad = {3, 100, 5000};
        try (RuleOptimizer opt = (RuleOptimizer) Optimizers.create(config(name, 1e-2, 0.1), List.of(w), manager);
             RuleOptimizer refOpt = (RuleOptimizer) Optimizers.create(config(name, 1e-2, 0.1), List.of(ref), manager)) {
            for (int step = 0; step < 3; step++) {
                NDArray g = manager.randomNormal(0f, 0.01f, shape, DataType.FLOAT32);
                setGrad(w, g);
                setGrad(ref, g);
                opt.step(List.of(w), 1e-2);
                refOpt.step(List.of(ref), 1e-2);
            }
            float[] before = w.array().toFloatArray();
            NDArray g = manager.randomNormal(0f, 0.01f, shape, DataType.FLOAT32).reshape(-1);
            NDArray clean = g.duplicate();
            g.set(new NDIndex("{}", bad[0]), Float.NaN);
            g.set(new NDIndex("{}", bad[1]), Float.POSITIVE_INFINITY);
            g.set(new NDIndex("{}", bad[2]), Float.NEGATIVE_INFINITY);
            for (int i : bad) {
                clean.set(new NDIndex("{}", i), 0f);
            }
            setGrad(w, g);
            setGrad(ref, clean);
            assertTrue(GradClip.hasNonFinite(List.of(w)));
            opt.step(List.of(w), 1e-2);
            refOpt.step(List.of(ref), 1e-2);

            float[] after = w.array().toFloatArray();
            float[] state = opt.stateAsFloat("w", 0).toFloatArray();
            for (int i : bad) {
                assertEquals(before[i], after[i], 0f, "parameter at a non-finite gradient moved");
                assertEquals(0f, state[i], 0f, "state at a non-finite gradient");
            }
            assertTrue(w.array().isInfinite().logicalOr(w.array().isNaN()).none().getBoolean());
            if (name.equals("adamw")) { // fp32 state: every other element exactly as with a zero there
                float[] expected = ref.array().toFloatArray();
                for (int i = 0; i < after.length; i++) {
                    if (i != bad[0] && i != bad[1] && i != bad[2]) {
                        assertEquals(expected[i], after[i], 0f, "element " + i);
                    }
                }
            }
        }
    }

    @Test
    void overridesKeepEmbeddingsAt32BitAndScaleTheirRate() {
        Param attn = zeros("blocks.0.attn.qkv.weight", Param.Kind.WEIGHT, new Shape(64, 128));
        Param emb = zeros("tok_emb.weight", Param.Kind.EMBEDDING, new Shape(64, 128));
        OptimizerConfig cfg = OptimTestSupport.withOverrides(config("adamw8bit", 1e-3, 0.1), List.of(
                new OptimizerConfig.ParamOverride("tok_emb.*", "32bit", 2e-3, null)));
        try (RuleOptimizer opt = (RuleOptimizer) Optimizers.create(cfg, List.of(attn, emb), manager)) {
            assertTrue(opt.quantized("blocks.0.attn.qkv.weight"));
            assertFalse(opt.quantized("tok_emb.weight"));
            assertTrue(opt.stateTensors().containsKey("tok_emb.weight.exp_avg"));
            setGrad(emb, manager.ones(new Shape(64, 128)));
            setGrad(attn, manager.ones(new Shape(64, 128)));
            opt.step(List.of(attn, emb), 1e-3);
            // first Adam step moves by lr·g/|g|; the embedding has twice the rate and no decay
            assertEquals(-2e-3f, emb.array().getFloat(0, 0), 1e-7f);
            assertEquals(-1e-3f, attn.array().getFloat(0, 0), 1e-7f);
        }
    }

    private Param zeros(String name, Param.Kind kind, Shape shape) {
        try (NDScope scope = new NDScope()) {
            return OptimTestSupport.param(manager, name, kind, manager.zeros(shape));
        }
    }
}
