package dev.effitrain.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VitTest {
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
    void patchifyKeepsRowMajorPatchOrderAndChannelFirstPixels() {
        // 1 image, 2 channels, 4x4, patch 2: value = c*100 + row*10 + col
        float[] px = new float[2 * 4 * 4];
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    px[c * 16 + r * 4 + col] = c * 100 + r * 10 + col;
                }
            }
        }
        NDArray patches = Vit.patchify(manager.create(px, new Shape(1, 2, 4, 4)), 2);
        assertEquals(new Shape(1, 4, 8), patches.getShape());
        // patch 1 = top-right block (rows 0-1, cols 2-3); channel 0 first, then channel 1
        assertArrayEquals(new float[] {2, 3, 12, 13, 102, 103, 112, 113},
                patches.get(new NDIndex("0, 1, :")).toFloatArray());
        // patch 2 = bottom-left block
        assertArrayEquals(new float[] {20, 21, 30, 31, 120, 121, 130, 131},
                patches.get(new NDIndex("0, 2, :")).toFloatArray());
    }

    @Test
    void sinCosTableIsDeterministicWithZeroClsRowAndMaeValues() {
        float[] a = SinCosPosEmbed.table(8, 3, true);
        assertArrayEquals(a, SinCosPosEmbed.table(8, 3, true));
        assertEquals(10 * 8, a.length);
        for (int i = 0; i < 8; i++) {
            assertEquals(0f, a[i]);
        }
        // token (h=1, w=2) is row 1 + 1*3 + 2 = 6; first half encodes w=2: sin(2*1), sin(2*0.01), cos(2), cos(0.02)
        int row = 6 * 8;
        assertEquals(Math.sin(2.0), a[row], 1e-6);
        assertEquals(Math.sin(2.0 / 100), a[row + 1], 1e-6);
        assertEquals(Math.cos(2.0), a[row + 2], 1e-6);
        // second half encodes h=1
        assertEquals(Math.sin(1.0), a[row + 4], 1e-6);
    }

    @Test
    void logitsShapeAndParamNames() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            Vit vit = new Vit(ps, new VitSpec(8, 4, 1, 10, 2, 16, 2, 32, 0, true, false));
            NDArray logits = vit.logits(manager.randomNormal(new Shape(3, 1, 8, 8)), false);
            assertEquals(new Shape(3, 10), logits.getShape());
            assertTrue(ps.contains("patch_embed.proj.weight"));
            assertTrue(ps.contains("blocks.1.attn.qkv.bias"));
            assertTrue(!ps.contains("pos_embed"), "sin-cos position embeddings are fixed, not trained");
        }
    }

    @Test
    void maskedOutKeysChangeNothingForTheOthers() {
        try (ParamStore ps = new ParamStore(manager); NDScope scope = new NDScope()) {
            TransformerBlock block = new TransformerBlock(ps, "blocks.0", BlockSpec.vit(16, 2, 32, 0));
            NDArray x = manager.randomNormal(new Shape(1, 5, 16));
            // drop token 3 as a key
            NDArray keep = manager.create(new float[] {1, 1, 1, 0, 1}, new Shape(1, 1, 1, 5));
            NDArray mask = keep.sub(1).mul(-Attention.MASKED);
            NDArray y1 = block.forward(x, mask, false);
            NDArray x2 = x.duplicate();
            x2.set(new NDIndex("0, 3, :"), manager.randomNormal(new Shape(16)).mul(10));
            NDArray y2 = block.forward(x2, mask, false);
            for (int t : new int[] {0, 1, 2, 4}) {
                float diff = y1.get(new NDIndex("0, {}, :", t)).sub(y2.get(new NDIndex("0, {}, :", t))).abs().max().getFloat();
                assertEquals(0f, diff, 1e-5f, "token " + t);
            }
            assertEquals(DataType.FLOAT32, y1.getDataType());
        }
    }
}
