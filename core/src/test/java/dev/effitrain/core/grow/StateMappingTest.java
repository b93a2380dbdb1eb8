package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** optimizer_state: map — moments grow like their weights, counters are kept, quantized state is reset. */
class StateMappingTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(4);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void momentsFollowTheWeightsAndNewStructureStartsAtZero() {
        GptSpec from = Models.gpt(1, 16, 2, 32, true);
        GptSpec to = Models.gpt(2, 32, 4, 64, true);
        GrowthSpec spec = GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager); NDScope scope = new NDScope()) {
            new Gpt(small, from);
            new Gpt(big, to);
            Map<String, NDArray> state = adamState(small);
            NDArray step = manager.create(new long[] {17});
            state.put("step", step);

            StateMapping mapped = StateMapping.map(state, small.arrays(), ModelDims.of(from), ModelDims.of(to), spec, big.arrays());

            assertSame(step, mapped.mapped().get("step"), "global step counter kept");
            assertTrue(mapped.reset().isEmpty(), mapped.reset().toString());
            for (String param : big.arrays().keySet()) {
                for (String suffix : new String[] {".exp_avg", ".exp_avg_sq"}) {
                    NDArray m = mapped.mapped().get(param + suffix);
                    assertEquals(big.get(param).array().getShape(), m.getShape(), param + suffix);
                }
            }
            Map<String, NDArray> avg = new LinkedHashMap<>();
            small.arrays().keySet().forEach(k -> avg.put(k, state.get(k + ".exp_avg")));
            Map<String, NDArray> expected = Growth.moments(avg, ModelDims.of(from), ModelDims.of(to), spec, big.arrays());
            assertEquals(0f, Models.maxDiff(expected.get("blocks.0.attn.qkv.weight"), mapped.mapped().get("blocks.0.attn.qkv.weight.exp_avg")));
            assertEquals(0f, mapped.mapped().get("blocks.1.mlp.fc1.weight.exp_avg").abs().max().getFloat(), "new layer starts at zero");
            assertEquals(0f, mapped.mapped().get("blocks.1.norm1.weight.exp_avg_sq").abs().max().getFloat());
            assertTrue(mapped.mapped().get("blocks.0.attn.qkv.weight.exp_avg_sq").min().getFloat() >= 0, "second moments stay non-negative");
        }
    }

    @Test
    void perParameterCountersFollowTheirLayersAndQuantizedStateIsResetPerParameter() {
        GptSpec from = Models.gpt(1, 16, 2, 32, true);
        GptSpec to = Models.gpt(3, 16, 2, 32, true);
        GrowthSpec spec = GrowthSpec.of(DepthOp.COPY_TOP, WidthOp.FPI);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager); NDScope scope = new NDScope()) {
            new Gpt(small, from);
            new Gpt(big, to);
            Map<String, NDArray> state = adamState(small);
            for (String p : small.arrays().keySet()) {
                state.put(p + ".step", manager.create(p.contains("qkv") ? 5L : 9L));
            }
            // 8-bit codes have the parameter's shape but are not values a linear map may touch
            state.remove("blocks.0.mlp.fc1.weight.exp_avg_sq");
            state.put("blocks.0.mlp.fc1.weight.state1.codes", manager.zeros(new Shape(32, 16), ai.djl.ndarray.types.DataType.UINT8));
            state.put("blocks.0.mlp.fc1.weight.state1.absmax", manager.zeros(new Shape(2)));

            StateMapping mapped = StateMapping.map(state, small.arrays(), ModelDims.of(from), ModelDims.of(to), spec, big.arrays());

            assertEquals(5L, mapped.mapped().get("blocks.2.attn.qkv.weight.step").getLong(), "the copy keeps its source's counter");
            assertEquals(9L, mapped.mapped().get("tok_embed.weight.step").getLong());
            assertEquals(java.util.List.of("blocks.0.mlp.fc1.weight.exp_avg", "blocks.0.mlp.fc1.weight.step",
                    "blocks.0.mlp.fc1.weight.state1.codes", "blocks.0.mlp.fc1.weight.state1.absmax"), mapped.reset());
            for (int layer = 0; layer < 3; layer++) {
                String fc1 = "blocks." + layer + ".mlp.fc1.weight.";
                assertFalse(mapped.mapped().keySet().stream().anyMatch(k -> k.startsWith(fc1)), "fc1 starts afresh in layer " + layer);
            }
            assertTrue(mapped.mapped().containsKey("blocks.1.mlp.fc2.weight.exp_avg"));
        }
    }

    @Test
    void mappedStateIsFittedToTheLayoutTheNewOptimizerHolds() {
        Map<String, NDArray> params = Map.of("a.weight", manager.zeros(new Shape(4, 4)), "b.weight", manager.zeros(new Shape(64, 64)));
        Map<String, NDArray> mappedState = new LinkedHashMap<>();
        mappedState.put("step", manager.create(3L));
        mappedState.put("a.weight.step", manager.create(3L));
        mappedState.put("a.weight.state1", manager.ones(new Shape(4, 4)));
        mappedState.put("b.weight.step", manager.create(3L));
        mappedState.put("b.weight.state1", manager.ones(new Shape(64, 64)));
        // the new optimizer keeps a in fp32 but quantizes b, which grew past its 8-bit threshold
        Map<String, NDArray> expected = new LinkedHashMap<>();
        expected.put("step", manager.create(0L));
        expected.put("qmap1", manager.zeros(new Shape(256)));
        expected.put("a.weight.step", manager.create(0L));
        expected.put("a.weight.state1", manager.zeros(new Shape(4, 4)));
        expected.put("b.weight.step", manager.create(0L));
        expected.put("b.weight.state1.codes", manager.zeros(new Shape(64, 64), ai.djl.ndarray.types.DataType.UINT8));
        expected.put("b.weight.state1.absmax", manager.zeros(new Shape(16)));
        Map<String, NDArray> old = Map.of("a.weight", params.get("a.weight"), "b.weight", params.get("b.weight"));
        StateMapping m = StateMapping.map(mappedState, old, ModelDims.of(Models.gpt(1, 16, 2, 32, true)),
                ModelDims.of(Models.gpt(1, 16, 2, 32, true)), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI), params);
        StateMapping fitted = m.fittedTo(expected, params);
        assertEquals(java.util.Set.of("step", "a.weight.step", "a.weight.state1"), fitted.mapped().keySet());
        assertEquals(java.util.Set.of("b.weight.step", "b.weight.state1"), java.util.Set.copyOf(fitted.reset()));
        assertSame(m, m.fittedTo(Map.of("step", manager.create(0L)), params), "a lazy optimizer takes everything");
    }

    /** Adam-like moments for every parameter of {@code ps}. */
    private Map<String, NDArray> adamState(ParamStore ps) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> p : ps.arrays().entrySet()) {
            state.put(p.getKey() + ".exp_avg", manager.randomNormal(p.getValue().getShape()));
            state.put(p.getKey() + ".exp_avg_sq", manager.randomUniform(0f, 1f, p.getValue().getShape()));
        }
        return state;
    }

    @Test
    void randomWidthPaddingGivesNewUnitsZeroMomentsAndKeepsOldOnes() {
        GptSpec from = Models.gpt(1, 16, 2, 32, true);
        GptSpec to = Models.gpt(1, 32, 4, 32, true);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager); NDScope scope = new NDScope()) {
            new Gpt(small, from);
            new Gpt(big, to);
            NDArray m = manager.ones(new Shape(32, 16));
            Map<String, NDArray> out = Growth.moments(Map.of("blocks.0.mlp.fc1.weight", m), ModelDims.of(from), ModelDims.of(to),
                    GrowthSpec.of(DepthOp.STACK, WidthOp.RANDOM), big.arrays());
            NDArray grown = out.get("blocks.0.mlp.fc1.weight");
            assertEquals(new Shape(32, 32), grown.getShape());
            assertEquals(32 * 16f, grown.sum().getFloat(), "old block kept, new columns zero");
            assertEquals(1, out.size(), "only what the source had");
        }
    }
}
