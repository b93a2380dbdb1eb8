package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bert2BERT AKI: old output units as FPI gives them, new ones from the next layer's FPI expansion; not function-preserving. */
class AdvancedKnowledgeInitTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(9);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void newOutputUnitsComeFromTheLayerAbove() {
        GptSpec from = Models.gpt(3, 16, 2, 32, true);
        GptSpec to = Models.gpt(3, 32, 4, 64, true);
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Gpt source = new Gpt(small, from);
            Models.randomize(small, manager);
            Gpt grown = new Gpt(big, to);
            Map<String, NDArray> fpi = Growth.weights(small.arrays(), ModelDims.of(from), ModelDims.of(to),
                    GrowthSpec.of(DepthOp.STACK, WidthOp.FPI), big.arrays());
            Map<String, NDArray> aki = Growth.weights(small.arrays(), ModelDims.of(from), ModelDims.of(to),
                    GrowthSpec.of(DepthOp.STACK, WidthOp.AKI), big.arrays());
            for (String part : new String[] {"mlp.fc1.weight", "mlp.fc2.weight", "attn.proj.weight", "norm1.weight"}) {
                NDArray a0 = aki.get("blocks.0." + part);
                long old = a0.getShape().get(0) / 2;
                assertEquals(0f, diff(a0, fpi.get("blocks.0." + part), "0:" + old), part + " old rows = FPI");
                assertEquals(0f, diff(a0, fpi.get("blocks.1." + part), old + ":"), part + " new rows = layer 1's FPI");
                assertEquals(0f, diff(aki.get("blocks.2." + part), fpi.get("blocks.2." + part), ":"), part + " top layer = FPI");
            }
            // q, k and v each take their new heads from the layer above
            NDArray qkv = aki.get("blocks.1.attn.qkv.weight");
            assertEquals(0f, diff(qkv, fpi.get("blocks.2.attn.qkv.weight"), "48:64"));
            assertEquals(0f, diff(qkv, fpi.get("blocks.1.attn.qkv.weight"), "32:48"));
            assertEquals(0f, diff(aki.get("tok_embed.weight"), fpi.get("tok_embed.weight"), ":"), "embeddings as FPI");

            Models.load(big, aki);
            NDArray ids = Models.ids(manager);
            assertTrue(Models.maxDiff(source.logits(ids, false), grown.logits(ids, false)) > 1e-4f, "AKI is not FP");
        }
    }

    private static float diff(NDArray a, NDArray b, String rows) {
        NDIndex idx = new NDIndex(rows);
        return a.get(idx).sub(b.get(idx)).abs().max().getFloat();
    }
}
