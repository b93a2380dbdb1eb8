package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Masking noise from a seed rather than the engine's generator: the same masks at every evaluation. */
final class FixedNoise {
    private FixedNoise() {
    }

    /** Uniform (batch, patches) values drawn from {@code seed}. */
    static NDArray of(NDManager manager, int batch, int patches, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * patches];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return manager.create(v, new Shape(batch, patches));
    }
}
