package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.OptimTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Param;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Steps leave nothing behind: the arrays alive after 3 steps are the arrays alive after 30. */
class OptimizerMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "adamw8bit", "sgd"})
    void stepsDoNotLeakArrays(String name) {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // 300k elements: more than one 256k chunk
            Param w = OptimTestSupport.randomParam(manager, "w", Param.Kind.WEIGHT, new Shape(600, 500), 0.1f);
            Param b = OptimTestSupport.randomParam(manager, "b", Param.Kind.BIAS, new Shape(500), 0.1f);
            List<Param> ps = List.of(w, b);
            try (Optimizer opt = Optimizers.create(config(name, 1e-3, 0.01), ps, manager)) {
                int afterWarmup = 0;
                for (int step = 0; step < 30; step++) {
                    try (NDScope scope = new NDScope()) {
                        NDArray g = manager.randomNormal(0f, 0.01f, new Shape(600, 500), DataType.FLOAT32);
                        if (step % 7 == 0) {
                            g.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
                        }
                        OptimTestSupport.setGrad(w, g);
                        OptimTestSupport.setGrad(b, manager.randomNormal(0f, 0.01f, new Shape(500), DataType.FLOAT32));
                    }
                    GradClip.clipGlobalNorm(ps, 1.0);
                    opt.step(ps, 1e-3);
                    opt.stateTensors();
                    if (step == 2) {
                        afterWarmup = manager.getManagedArrays().size();
                    }
                }
                assertTrue(afterWarmup > 0);
                assertEquals(afterWarmup, manager.getManagedArrays().size(), name);
            }
        }
    }
}
