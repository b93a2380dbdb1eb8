package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.OptimTestSupport.param;
import static dev.effitrain.core.optim.OptimTestSupport.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradClipTest {

    private NDManager manager;
    private Param a;
    private Param b;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager(Device.cpu());
        a = param(manager, "a", Param.Kind.WEIGHT, 0f, 0f);
        b = param(manager, "b", Param.Kind.BIAS, 0f, 0f, 0f);
        setGrad(a, 3f, 0f);
        setGrad(b, 0f, 4f, 12f); // global norm sqrt(9 + 16 + 144) = 13
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void measuresWithoutClippingAtOrBelowTheLimit() {
        assertEquals(13.0, GradClip.globalNorm(List.of(a, b)), 1e-6);
        assertEquals(13.0, GradClip.clipGlobalNorm(List.of(a, b), 0), 1e-6);
        assertEquals(13.0, GradClip.clipGlobalNorm(List.of(a, b), 20), 1e-6);
        assertArrayEquals(new float[] {3f, 0f}, a.array().getGradient().toFloatArray(), 0f);
    }

    @Test
    void scalesEveryGradientToTheLimit() {
        assertEquals(13.0, GradClip.clipGlobalNorm(List.of(a, b), 1.3), 1e-6);
        float coef = (float) (1.3 / (13 + 1e-6));
        assertArrayEquals(new float[] {3f * coef, 0f}, a.array().getGradient().toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {0f, 4f * coef, 12f * coef}, b.array().getGradient().toFloatArray(), 1e-7f);
        assertEquals(1.3, GradClip.globalNorm(List.of(a, b)), 1e-5);
    }

    @Test
    void detectsNonFiniteGradientsAndDoesNotScaleThem() {
        assertFalse(GradClip.hasNonFinite(List.of(a, b)));
        setGrad(b, 0f, Float.NaN, 1f);
        assertTrue(GradClip.hasNonFinite(List.of(a, b)));
        assertTrue(Double.isNaN(GradClip.clipGlobalNorm(List.of(a, b), 1)));
        assertArrayEquals(new float[] {3f, 0f}, a.array().getGradient().toFloatArray(), 0f);
        setGrad(b, 0f, Float.NEGATIVE_INFINITY, 1f);
        assertTrue(GradClip.hasNonFinite(List.of(a, b)));
        setGrad(b, 3e38f, -3e38f, 3e38f); // huge but finite: no overflow false alarm
        assertFalse(GradClip.hasNonFinite(List.of(a, b)));
    }

    @Test
    void normCoversEveryElementOfMatricesAndHigherRankTensors() {
        Param m = OptimTestSupport.param(manager, "m", Param.Kind.WEIGHT, manager.zeros(new ai.djl.ndarray.types.Shape(2, 3, 4)));
        setGrad(m, manager.ones(new ai.djl.ndarray.types.Shape(2, 3, 4)).mul(0.5f)); // 24 · 0.25 = 6
        assertEquals(Math.sqrt(6 + 169), GradClip.globalNorm(List.of(a, b, m)), 1e-5);
    }

    @Test
    void noGradientsGiveZero() {
        assertEquals(0.0, GradClip.clipGlobalNorm(List.of(), 1), 0);
        assertFalse(GradClip.hasNonFinite(List.of()));
    }
}
