package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §3.7: loss on removed patches only; normalised-pixel targets. */
class MaeLossTest extends TensorTest {

    @Test
    void lossIgnoresPredictionsAtVisiblePatches() {
        NDArray images = manager.randomNormal(new Shape(4, 3, 8, 8));
        NDArray target = MaeLoss.targets(images, 4, true);
        NDArray pred = manager.randomNormal(target.getShape());
        NDArray mask = manager.create(new float[] {1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}, new Shape(4, 4));
        float loss = MaeLoss.maskedMse(pred, target, mask).getFloat();
        NDArray visible = mask.eq(0).expandDims(2).toType(pred.getDataType(), false);
        NDArray changed = pred.add(visible.mul(manager.randomNormal(pred.getShape()).mul(100)));
        assertEquals(loss, MaeLoss.maskedMse(changed, target, mask).getFloat(), 0f);
        NDArray changedMasked = pred.add(mask.expandDims(2).mul(0.5f));
        assertNotEquals(loss, MaeLoss.maskedMse(changedMasked, target, mask).getFloat());
    }

    @Test
    void maskedLossIsTheMeanOverRemovedPatchesOfThePerPatchMse() {
        NDArray target = manager.zeros(new Shape(1, 2, 2));
        NDArray pred = manager.create(new float[] {1, 1, 3, 3}, new Shape(1, 2, 2));
        NDArray mask = manager.create(new float[] {0, 1}, new Shape(1, 2));
        assertEquals(9f, MaeLoss.maskedMse(pred, target, mask).getFloat(), 1e-6f);
        assertEquals(5f, MaeLoss.mse(pred, target).getFloat(), 1e-6f);
    }

    @Test
    void normalisedTargetsHaveZeroMeanAndUnitUnbiasedStdPerPatch() {
        NDArray images = manager.randomUniform(-3f, 5f, new Shape(2, 3, 8, 8)).mul(manager.randomUniform(0.1f, 2f, new Shape(2, 3, 8, 8)));
        NDArray t = MaeLoss.targets(images, 4, true);
        long n = t.getShape().get(2);
        float[] mean = t.mean(new int[] {2}).toFloatArray();
        float[] var = t.sub(t.mean(new int[] {2}, true)).square().sum(new int[] {2}).div(n - 1).toFloatArray();
        for (int i = 0; i < mean.length; i++) {
            assertEquals(0f, mean[i], 1e-5f, "patch " + i + " mean");
            assertEquals(1f, Math.sqrt(var[i]), 1e-4, "patch " + i + " std");
        }
    }

    @Test
    void withoutNormPixTheTargetsAreThePatches() {
        NDArray images = manager.randomNormal(new Shape(2, 1, 8, 8));
        assertArrayEquals(MaePatches.patchify(images, 2).toFloatArray(), MaeLoss.targets(images, 2, false).toFloatArray(), 0f);
    }

    @Test
    void denormalisingWithTheSourcePatchesGivesThemBack() {
        NDArray patches = manager.randomNormal(new Shape(2, 4, 12)).mul(3).add(1);
        NDArray back = MaeLoss.denormalizePatches(MaeLoss.normalizePatches(patches), patches);
        assertArrayEquals(patches.toFloatArray(), back.toFloatArray(), 1e-4f);
    }
}
