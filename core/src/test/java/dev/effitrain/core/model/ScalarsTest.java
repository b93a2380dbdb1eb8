package dev.effitrain.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the sporadic non-finite gradients: a number that enters the autograd graph
 * must not live in memory the JVM can free before the backward pass (see {@link Scalars}). Each
 * test forces a garbage collection between forward and backward, which made DJL's
 * {@code x.mul(3f)} give a wrong gradient in 20 of 20 trials.
 */
class ScalarsTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void mulAndDivGradientsSurviveAGarbageCollectionBeforeBackward() throws InterruptedException {
        NDArray x = manager.ones(new Shape(16), DataType.FLOAT32);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = Scalars.mul(x, 3).add(Scalars.div(x, 4));
            collectGarbageAndReuseFreedMemory();
            gc.backward(y.sum());
        }
        float[] expected = new float[16];
        java.util.Arrays.fill(expected, 3.25f);
        assertArrayEquals(expected, x.getGradient().toFloatArray());
    }

    @Test
    void attentionGradientsDoNotDependOnWhenTheGarbageCollectorRuns() throws InterruptedException {
        float[] quiet = attentionInputGradient(false);
        float[] collected = attentionInputGradient(true);
        assertArrayEquals(quiet, collected, 1e-6f);
    }

    private float[] attentionInputGradient(boolean collectBeforeBackward) throws InterruptedException {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = manager.newSubManager(); ParamStore ps = new ParamStore(m)) {
            Attention attn = new Attention(ps, "attn", BlockSpec.gpt(16, 2, 32, 0.0, 1));
            NDArray x = m.randomNormal(new Shape(2, 5, 16));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = attn.forward(x, null, true);
                if (collectBeforeBackward) {
                    collectGarbageAndReuseFreedMemory();
                }
                gc.backward(out.square().sum());
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Frees unreachable direct buffers and hands their memory out again, filled with garbage. */
    private static void collectGarbageAndReuseFreedMemory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            junk.add(ByteBuffer.allocateDirect(4).putFloat(0, 1e30f));
        }
    }
}
