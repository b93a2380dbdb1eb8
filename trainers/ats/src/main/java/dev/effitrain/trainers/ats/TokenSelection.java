package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What one ATS stage keeps, per image, in slots 0..width−1: CLS in slot 0, then the kept patch
 * tokens by ascending significance, then empty slots up to the batch's width.
 *
 * @param positions (B × width) row-major positions in the stage's input sequence (empty slots: 0)
 * @param kept      tokens kept per image, CLS included (= live slots, which come first)
 * @param width     slots per image, CLS included
 */
public record TokenSelection(long[] positions, int[] kept, int width) {

    /** (B, width) int64. */
    public NDArray positionsArray(NDManager manager) {
        return manager.create(positions, new Shape(kept.length, width));
    }

    /** Kept patch tokens of image {@code b} as 0-based patch slots of the stage's input, slot order. */
    public int[] keptPatches(int b) {
        int[] out = new int[kept[b] - 1];
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) positions[b * width + 1 + j] - 1;
        }
        return out;
    }
}
