package dev.effitrain.core.data.image;

import java.util.SplittableRandom;

/** The shuffled sample order of one epoch: a Fisher–Yates permutation seeded by (seed, epoch). */
public final class EpochOrder {
    private EpochOrder() {
    }

    public static int[] shuffled(long seed, long epoch, int n) {
        return permutation(new SplittableRandom(Seeds.mix(seed, Seeds.SHUFFLE, epoch)), n);
    }

    static int[] permutation(SplittableRandom rng, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
