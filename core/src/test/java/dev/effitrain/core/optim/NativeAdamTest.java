package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native Adam step agrees with AdamRule's tensor ops: the moments bit for bit, the parameter to
 * within a few ulps of the step taken, and it touches only its slice. Not bit for bit: libtorch's
 * sqrt does not always round correctly here (checked against Math.sqrt), the kernel's does; every
 * other operation is the same, in the same order.
 */
class NativeAdamTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void matchesTheTensorOps() {
        assumeTrue(NativeKernels.kernel() != null, "native kernels not built on this machine");
        AdamRule[] rules = {new AdamRule(0.9, 0.95, 1e-8, true), new AdamRule(0.9, 0.999, 1e-6, false)};
        for (AdamRule rule : rules) {
            for (double wd : new double[] {0, 0.1}) {
                for (int length : new int[] {1, 7, 8, 9, 1000, 4099}) {
                    NDArray p = manager.randomNormal(new Shape(length));
                    NDArray m = manager.zeros(new Shape(length));
                    NDArray v = manager.zeros(new Shape(length));
                    NDArray pT = p.duplicate();
                    NDArray mT = m.duplicate();
                    NDArray vT = v.duplicate();
                    for (int step = 1; step <= 3; step++) {
                        // gradients from 1e-6 to 1e3 in size, both signs, and exact zeros
                        NDArray g = manager.randomNormal(new Shape(length))
                                .mul(manager.randomUniform(-6, 3, new Shape(length)).mul(2.302585f).exp());
                        g.set(new NDIndex("::5"), 0f);
                        UpdateRule.Hyper h = new UpdateRule.Hyper(1e-3 * step, wd, step);
                        pT.set(new NDIndex(":"), p);   // one step's difference, not an accumulated one
                        rule.applyNative(p, g, m, v, h);
                        rule.applyWithTensorOps(pT, g, mT, vT, h);
                        String where = (rule == rules[0] ? "AdamW" : "Adam") + " wd " + wd + " length " + length
                                + " step " + step;
                        assertClose(pT, p, 4 * Math.ulp((float) h.lr()), "parameter: " + where);
                        assertClose(mT, m, 0, "exp_avg: " + where);
                        assertClose(vT, v, 0, "exp_avg_sq: " + where);
                    }
                }
            }
        }
    }

    @Test
    void applyTakesTheKernelForCpuFloatArrays() {
        assumeTrue(NativeKernels.kernel() != null, "native kernels not built on this machine");
        AdamRule rule = new AdamRule(0.9, 0.95, 1e-8, true);
        NDArray g = manager.randomNormal(new Shape(4099));
        NDArray p = manager.randomNormal(new Shape(4099));
        NDArray[] state = {manager.zeros(new Shape(4099)), manager.zeros(new Shape(4099))};
        assertTrue(NativeAdam.usable(p, g, state[0], state[1]));
        NDArray pNative = p.duplicate();
        NDArray mNative = state[0].duplicate();
        NDArray vNative = state[1].duplicate();
        UpdateRule.Hyper h = new UpdateRule.Hyper(1e-3, 0.1, 1);
        rule.apply(p, g, state, h);
        rule.applyNative(pNative, g, mNative, vNative, h);
        assertClose(pNative, p, 0, "parameter after apply");
    }

    @Test
    void updatesOnlyTheSliceItIsGiven() {
        assumeTrue(NativeKernels.kernel() != null, "native kernels not built on this machine");
        NDArray p = manager.randomNormal(new Shape(3000));
        NDArray m = manager.zeros(new Shape(3000));
        NDArray v = manager.zeros(new Shape(3000));
        NDArray g = manager.randomNormal(new Shape(3000));
        float[] before = p.toFloatArray();
        NDArray expected = p.get("1000:2001").duplicate();
        new AdamRule(0.9, 0.999, 1e-8, true).applyWithTensorOps(expected, g.get("1000:2001"),
                manager.zeros(new Shape(1001)), manager.zeros(new Shape(1001)), new UpdateRule.Hyper(0.01, 0.1, 1));

        new AdamRule(0.9, 0.999, 1e-8, true).applyNative(StateArrays.range(p, 1000, 2001),
                StateArrays.range(g, 1000, 2001), StateArrays.range(m, 1000, 2001), StateArrays.range(v, 1000, 2001),
                new UpdateRule.Hyper(0.01, 0.1, 1));

        float[] after = p.toFloatArray();
        assertArrayEquals(Arrays.copyOfRange(before, 0, 1000), Arrays.copyOfRange(after, 0, 1000), 0f);
        assertArrayEquals(Arrays.copyOfRange(before, 2001, 3000), Arrays.copyOfRange(after, 2001, 3000), 0f);
        float[] inside = Arrays.copyOfRange(after, 1000, 2001);
        float[] want = expected.toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - inside[i]) <= 4 * Math.ulp(0.01f) + Math.ulp(want[i]), "element " + (1000 + i));
        }
        assertArrayEquals(new float[1000], Arrays.copyOfRange(m.toFloatArray(), 0, 1000), 0f, "m outside the slice");
    }

    /**
     * Every element of {@code actual} within one ulp of {@code expected}'s plus {@code tolerance}
     * (0: the same bits).
     */
    private static void assertClose(NDArray expected, NDArray actual, float tolerance, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (tolerance == 0 && Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
            if (!(Math.abs(e[i] - a[i]) <= tolerance + Math.ulp(e[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }
}
