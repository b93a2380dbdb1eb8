package dev.effitrain.trainers.mim;

import java.util.SplittableRandom;

/** Independent seeds derived from the run's seed, a purpose and an index. */
final class Seeds {
    private Seeds() {
    }

    static long of(long runSeed, long purpose, long index) {
        return new SplittableRandom(new SplittableRandom(runSeed ^ purpose).nextLong() + index).nextLong();
    }
}
