package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaePatchesTest extends TensorTest {

    @Test
    void unpatchifyInvertsPatchifyExactly() {
        NDArray images = manager.randomNormal(new Shape(3, 3, 12, 12));
        NDArray patches = MaePatches.patchify(images, 4);
        assertEquals(new Shape(3, 9, 48), patches.getShape());
        NDArray back = MaePatches.unpatchify(patches, 4, 3);
        assertArrayEquals(images.toFloatArray(), back.toFloatArray(), 0f);
    }

    @Test
    void pixelsInsideAPatchAreRowColumnChannelOrdered() {
        // 1 image, 2 channels, 4x4, patch 2: value = c*100 + row*10 + col
        float[] px = new float[2 * 4 * 4];
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    px[c * 16 + r * 4 + col] = c * 100 + r * 10 + col;
                }
            }
        }
        NDArray patches = MaePatches.patchify(manager.create(px, new Shape(1, 2, 4, 4)), 2);
        // patch 1 = top-right block: (row 0, col 2) c0, c1; (0, 3) c0, c1; (1, 2) ...; (1, 3) ...
        assertArrayEquals(new float[] {2, 102, 3, 103, 12, 112, 13, 113},
                patches.get(new NDIndex("0, 1, :")).toFloatArray());
        // patch 2 = bottom-left block
        assertArrayEquals(new float[] {20, 120, 21, 121, 30, 130, 31, 131},
                patches.get(new NDIndex("0, 2, :")).toFloatArray());
    }
}
