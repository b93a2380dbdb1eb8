package dev.effitrain.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.optim.Optimizer;
import dev.effitrain.core.optim.Optimizers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** model.embedding: stable — Xavier init, LayerNorm on the lookup, and 32-bit optimizer state under 8-bit optimizers. */
class StableEmbeddingTest {

    @Test
    void stableEmbeddingKeepsFullPrecisionStateUnderAdamw8bit() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); ParamStore ps = new ParamStore(m)) {
            Gpt gpt = new Gpt(ps, new GptSpec(256, 16, 1, 64, 2, 256, true, 0, true));
            assertTrue(ps.contains("tok_embed.norm.weight"));
            assertEquals(gpt.spec().totalParams(), ps.numel());
            OptimizerConfig cfg = new OptimizerConfig("adamw8bit", 1e-3, List.of(0.9, 0.95), 1e-8, 0.0, 0.9, false, false,
                    256, 4096, List.of());
            try (Optimizer opt = Optimizers.create(cfg, ps.all(), m)) {
                try (NDScope scope = new NDScope()) {
                    NDArray ids = m.randomInteger(0, 256, new Shape(2, 16), DataType.INT32);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(gpt.loss(ids, ids, true));
                    }
                }
                opt.step(ps.all(), 1e-3);
                Map<String, NDArray> state = opt.stateTensors();
                assertTrue(state.containsKey("tok_embed.weight.exp_avg"), "embedding state is fp32: " + state.keySet());
                assertTrue(state.containsKey("blocks.0.mlp.fc1.weight.state1.codes"), "other large tensors are 8-bit");
                // 256x64 embedding: 8 bytes per parameter in fp32
                assertEquals(256L * 64 * 8, opt.stateBytesPerParam().get("tok_embed.weight"));
            }
        }
    }
}
