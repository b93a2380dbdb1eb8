package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;

/**
 * What one ATS stage keeps, per image, in slots 0..W: CLS in slot 0, then the kept patch tokens
 * by ascending significance, then empty slots up to the batch's width.
 *
 * @param positions (B, W + 1) int64 positions in the stage's input sequence (empty slots: 0)
 * @param policy    (B, W + 1) float32: 1 for a kept token, 0 for an empty slot
 * @param kept      tokens kept per image, CLS included
 */
public record TokenSelection(NDArray positions, NDArray policy, int[] kept) {

    /** Slots per image, CLS included. */
    public int width() {
        return (int) positions.getShape().get(1);
    }
}
