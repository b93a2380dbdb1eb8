package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.OptimTestSupport.config;
import static dev.effitrain.core.optim.OptimTestSupport.param;
import static dev.effitrain.core.optim.OptimTestSupport.setGrad;
import static dev.effitrain.core.optim.OptimTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 32-bit optimizers against their closed forms (computed here in double precision). */
class FullPrecisionOptimizersTest {

    private static final float[] P0 = {0.5f, -1.25f, 2f, 0.01f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f, 0f}, {-0.4f, 0.05f, 0.3f, 1e-3f}, {0.2f, 0.2f, -0.1f, -2f}};
    private static final double TOL = 2e-6;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void adamwMatchesClosedFormOverThreeSteps() {
        double lr = 0.05;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        try (Optimizer opt = Optimizers.create(config("adamw", lr, wd), List.of(w), manager)) {
            double[] p = toDouble(P0);
            double[] m = new double[P0.length];
            double[] v = new double[P0.length];
            for (int t = 1; t <= GRADS.length; t++) {
                setGrad(w, GRADS[t - 1]);
                opt.step(List.of(w), lr);
                for (int i = 0; i < p.length; i++) {
                    double g = GRADS[t - 1][i];
                    p[i] *= 1 - lr * wd;
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
                assertClose(p, values(w), "step " + t);
            }
            assertEquals(3, opt.stepCount());
        }
    }

    @Test
    void adamwDoesNotDecayBiasesNormsOrEmbeddingsByDefault() {
        double lr = 0.1;
        double wd = 0.5;
        Param weight = param(manager, "w", Param.Kind.WEIGHT, 1f, 1f);
        Param bias = param(manager, "b", Param.Kind.BIAS, 1f, 1f);
        Param norm = param(manager, "ln.weight", Param.Kind.NORM, 1f, 1f);
        Param emb = param(manager, "tok", Param.Kind.EMBEDDING, 1f, 1f);
        List<Param> all = List.of(weight, bias, norm, emb);
        try (Optimizer opt = Optimizers.create(config("adamw", lr, wd), all, manager)) {
            opt.step(all, lr); // zero gradients: only weight decay moves anything
            assertArrayEquals(new float[] {0.95f, 0.95f}, values(weight), 1e-7f);
            for (Param p : List.of(bias, norm, emb)) {
                assertArrayEquals(new float[] {1f, 1f}, values(p), 0f, p.name());
            }
        }
        Param bias2 = param(manager, "b2", Param.Kind.BIAS, 1f);
        try (Optimizer opt = Optimizers.create(OptimTestSupport.decayingAll(config("adamw", lr, wd)), List.of(bias2), manager)) {
            opt.step(List.of(bias2), lr);
            assertArrayEquals(new float[] {0.95f}, values(bias2), 1e-7f);
        }
    }

    @Test
    void adamUsesCoupledL2Decay() {
        double lr = 0.01;
        double wd = 0.2;
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        try (Optimizer opt = Optimizers.create(config("adam", lr, wd), List.of(w), manager)) {
            double[] p = toDouble(P0);
            double[] m = new double[P0.length];
            double[] v = new double[P0.length];
            for (int t = 1; t <= GRADS.length; t++) {
                setGrad(w, GRADS[t - 1]);
                opt.step(List.of(w), lr);
                for (int i = 0; i < p.length; i++) {
                    double g = GRADS[t - 1][i] + wd * p[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    p[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                }
                assertClose(p, values(w), "step " + t);
            }
        }
    }

    @Test
    void sgdMomentumAndNesterovMatchTorch() {
        double lr = 0.1;
        double wd = 0.01;
        double mu = 0.9;
        for (boolean nesterov : new boolean[] {false, true}) {
            Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
            OptimizerConfig cfg = OptimTestSupport.withMomentum(config("sgd", lr, wd), mu, nesterov);
            try (Optimizer opt = Optimizers.create(cfg, List.of(w), manager)) {
                double[] p = toDouble(P0);
                double[] buf = new double[P0.length];
                for (int t = 1; t <= GRADS.length; t++) {
                    setGrad(w, GRADS[t - 1]);
                    opt.step(List.of(w), lr);
                    for (int i = 0; i < p.length; i++) {
                        double g = GRADS[t - 1][i] + wd * p[i];
                        buf[i] = t == 1 ? g : mu * buf[i] + g;
                        p[i] -= lr * (nesterov ? g + mu * buf[i] : buf[i]);
                    }
                    assertClose(p, values(w), "nesterov=" + nesterov + " step " + t);
                }
                assertTrue(opt.stateTensors().containsKey("w.momentum_buffer"));
            }
        }
    }

    @Test
    void plainSgdKeepsNoState() {
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        try (Optimizer opt = Optimizers.create(OptimTestSupport.withMomentum(config("sgd", 0.5, 0), 0, false), List.of(w), manager)) {
            setGrad(w, GRADS[0]);
            opt.step(List.of(w), 0.5);
            double[] p = toDouble(P0);
            for (int i = 0; i < p.length; i++) {
                p[i] -= 0.5 * GRADS[0][i];
            }
            assertClose(p, values(w), "sgd");
            assertEquals(0L, opt.stateBytes());
        }
    }

    @Test
    void lionMatchesClosedForm() {
        double lr = 0.01;
        double wd = 0.1;
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        try (Optimizer opt = Optimizers.create(OptimTestSupport.withBetas(config("lion", lr, wd), null), List.of(w), manager)) {
            double[] p = toDouble(P0);
            double[] m = new double[P0.length];
            for (int t = 1; t <= GRADS.length; t++) {
                setGrad(w, GRADS[t - 1]);
                opt.step(List.of(w), lr);
                for (int i = 0; i < p.length; i++) {
                    double g = GRADS[t - 1][i];
                    p[i] *= 1 - lr * wd;
                    p[i] -= lr * Math.signum(0.9 * m[i] + 0.1 * g);
                    m[i] = 0.99 * m[i] + 0.01 * g; // default betas (0.9, 0.99)
                }
                assertClose(p, values(w), "step " + t);
            }
        }
    }

    @Test
    void rmspropMatchesClosedForm() {
        double lr = 0.01;
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        try (Optimizer opt = Optimizers.create(OptimTestSupport.withBetas(config("rmsprop", lr, 0), List.of(0.95)), List.of(w), manager)) {
            double[] p = toDouble(P0);
            double[] s = new double[P0.length];
            for (int t = 1; t <= GRADS.length; t++) {
                setGrad(w, GRADS[t - 1]);
                opt.step(List.of(w), lr);
                for (int i = 0; i < p.length; i++) {
                    double g = GRADS[t - 1][i];
                    s[i] = 0.95 * s[i] + 0.05 * g * g;
                    p[i] -= lr * g / (Math.sqrt(s[i]) + 1e-8);
                }
                assertClose(p, values(w), "step " + t);
            }
        }
    }

    @Test
    void unknownNameIsAUsageErrorListingTheValidNames() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> Optimizers.create(config("adamx", 1e-3, 0), List.of(), manager));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("optimizer.name"), e.getMessage());
        assertTrue(e.getMessage().contains("adamw8bit") && e.getMessage().contains("adamw-dynamic8bit-noblock"), e.getMessage());
    }

    @Test
    void impossibleHyperParametersAreUsageErrors() {
        assertUsage(OptimTestSupport.withBetas(config("adamw", 1e-3, 0), List.of(0.9, 1.5)), "optimizer.betas[1]");
        assertUsage(OptimTestSupport.withMomentum(config("momentum", 1e-3, 0), 0, false), "optimizer.momentum");
        assertUsage(OptimTestSupport.withMomentum(config("sgd", 1e-3, 0), 0, true), "optimizer.nesterov");
        assertUsage(config("adamw", -1, 0), "optimizer.lr");
        assertUsage(OptimTestSupport.withOverrides(config("adamw", 1e-3, 0),
                List.of(new OptimizerConfig.ParamOverride("*", "8bit", null, null))), "optimizer.overrides[0].state");
        assertUsage(OptimTestSupport.withOverrides(config("adamw8bit", 1e-3, 0),
                List.of(new OptimizerConfig.ParamOverride("*", "16bit", null, null))), "optimizer.overrides[0].state");
    }

    @Test
    void namesAreAllConstructible() {
        Param w = param(manager, "w", Param.Kind.WEIGHT, P0);
        for (String name : Optimizers.NAMES) {
            assertEquals(name.contains("8bit"), Optimizers.isQuantized(name), name);
            try (Optimizer opt = Optimizers.create(config(name, 1e-3, 0.01), List.of(w), manager)) {
                setGrad(w, GRADS[0]);
                opt.step(List.of(w), 1e-3);
                assertEquals(1, opt.stepCount(), name);
            }
        }
    }

    private void assertUsage(OptimizerConfig cfg, String key) {
        EffitrainException e = assertThrows(EffitrainException.class, () -> Optimizers.create(cfg, List.of(), manager));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = TOL * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " element " + i);
        }
    }
}
