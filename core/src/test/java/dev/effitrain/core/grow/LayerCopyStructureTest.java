package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stacking-type operators are not function-preserving; what they promise is their copy structure
 * (ALGORITHMS.md §4.h): {@code layer[i] == src[map[i]]}, fresh layers from the target's own
 * initialisation, identity layers with zero output projections, everything outside the blocks kept.
 */
class LayerCopyStructureTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static boolean same(NDArray a, NDArray b) {
        return a.getShape().equals(b.getShape()) && a.sub(b).abs().max().getFloat() == 0f;
    }

    private void assertGptCopies(DepthOp op, int ls, int lt) {
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            GptSpec from = Models.gpt(ls, 16, 2, 32, false);
            Gpt source = new Gpt(small, from);
            Models.randomize(small, manager);
            Gpt target = new Gpt(big, Models.gpt(lt, 16, 2, 32, false));
            Map<String, NDArray> initial = new LinkedHashMap<>();
            big.arrays().forEach((k, v) -> initial.put(k, v.duplicate()));
            Models.load(big, Growth.weights(small.arrays(), ModelDims.of(from), ModelDims.of(target.spec()),
                    GrowthSpec.of(op, WidthOp.FPI), big.arrays()));
            int[] map = LayerMaps.growth(op, LayerGroups.ADJACENT, ls, lt);
            for (String name : big.arrays().keySet()) {
                int layer = TensorRoles.layerOf(name);
                NDArray got = big.get(name).array();
                if (layer < 0) {
                    assertTrue(same(got, small.get(name).array()), name + " kept");
                } else if (map[layer] >= 0) {
                    String src = TensorRoles.blockName(map[layer], TensorRoles.withinBlock(name));
                    assertTrue(same(got, small.get(src).array()), name + " copies " + src);
                } else if (op == DepthOp.IDENTITY && (name.contains("attn.proj") || name.contains("mlp.fc2"))) {
                    assertEquals(0f, got.abs().max().getFloat(), name + " is zero");
                } else {
                    assertTrue(same(got, initial.get(name)), name + " keeps its fresh initialisation");
                }
            }
        }
    }

    @Test
    void stackCopiesTheWholeStackOnTop() {
        assertGptCopies(DepthOp.STACK, 2, 6);
        assertGptCopies(DepthOp.STACK, 3, 4);
    }

    @Test
    void interleaveAndCopyTopCopyTheirLayers() {
        assertGptCopies(DepthOp.INTERLEAVE, 2, 4);
        assertGptCopies(DepthOp.COPY_TOP, 2, 5);
    }

    @Test
    void identityAndRandomAddFreshLayers() {
        assertGptCopies(DepthOp.IDENTITY, 2, 4);
        assertGptCopies(DepthOp.RANDOM, 1, 3);
        assertGptCopies(DepthOp.RANDOM, 0, 2);
    }

    @Test
    void vitStackCopiesLayersAndKeepsEmbeddingsAndHead() {
        try (ParamStore small = new ParamStore(manager); ParamStore big = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Vit source = new Vit(small, Models.vit(2, 16, 2, 32));
            Models.randomize(small, manager);
            Models.grow(big, source, Models.vit(4, 16, 2, 32), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
            assertTrue(same(big.get("blocks.3.attn.qkv.weight").array(), small.get("blocks.1.attn.qkv.weight").array()));
            assertTrue(same(big.get("blocks.2.norm2.bias").array(), small.get("blocks.0.norm2.bias").array()));
            for (String n : new String[] {"patch_embed.proj.weight", "cls_token", "pos_embed", "norm.weight", "head.weight", "head.bias"}) {
                assertTrue(same(big.get(n).array(), small.get(n).array()), n);
            }
        }
    }
}
