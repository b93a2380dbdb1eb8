package dev.effitrain.core.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.effitrain.core.EffitrainException;

/**
 * The order in which training windows are visited: each epoch is a permutation of all windows,
 * drawn from (seed, epoch) alone, cut into batches of {@code batchSize}; the windows left over at
 * the end of an epoch (fewer than a batch) are skipped in that epoch, and being a different set
 * each epoch, nothing is skipped for good.
 *
 * <p>Its {@link State} is the whole position: saving it in a checkpoint and {@link #resume resuming}
 * from it gives exactly the batches an uninterrupted run would have seen next.
 */
public final class BatchOrder {
    private static final long ORDER_STREAM = 0x0DE5;

    /**
     * A position: {@code sample} windows of epoch {@code epoch} have been used. {@code seed} and
     * {@code windows} identify the order, so that resuming against different data fails loudly.
     */
    public record State(long seed, long windows, long epoch, long sample) {
        private static final Gson GSON = new Gson();

        public String toJson() {
            return GSON.toJson(this);
        }

        /** @throws EffitrainException exit 3 when {@code json} is not a data position */
        public static State fromJson(String json) {
            try {
                State s = GSON.fromJson(json, State.class);
                if (s == null || s.windows <= 0 || s.epoch < 0 || s.sample < 0 || s.sample > s.windows) {
                    throw new JsonParseException("fields missing or out of range");
                }
                return s;
            } catch (JsonParseException e) {
                throw EffitrainException.badInput("checkpoint data position is not valid: " + json, e);
            }
        }
    }

    private final long seed;
    private final int windows;
    private final int batchSize;
    private long epoch;
    private int sample;
    private int[] permutation;   // of the current epoch; built lazily

    /** A new order at the start of epoch 0. */
    public BatchOrder(long seed, long windows, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (windows < batchSize) {
            throw EffitrainException.badInput("the training split has " + windows + " window(s), fewer than"
                    + " the batch size " + batchSize + "; use more data, a smaller batch size or a shorter seq_len");
        }
        if (windows > Integer.MAX_VALUE - 8) {
            throw EffitrainException.badInput("the training split has " + windows
                    + " windows, more than this loader can order (2^31); use a longer seq_len");
        }
        this.seed = seed;
        this.windows = (int) windows;
        this.batchSize = batchSize;
    }

    /**
     * Continues from a saved position. The batch size may differ from the one the state was saved
     * with: the position counts windows, not batches.
     *
     * @throws EffitrainException exit 2 when the state belongs to a different seed or data
     */
    public static BatchOrder resume(State state, long seed, long windows, int batchSize) {
        if (state.seed() != seed || state.windows() != windows) {
            throw EffitrainException.usage("the checkpoint's data position was saved for seed " + state.seed()
                    + " and " + state.windows() + " training windows, but this run has seed " + seed + " and "
                    + windows + " windows: the seed, the data or seq_len changed since the checkpoint");
        }
        BatchOrder order = new BatchOrder(seed, windows, batchSize);
        order.epoch = state.epoch();
        order.sample = (int) state.sample();
        order.rollIfEpochDone();
        return order;
    }

    /** The window indices of the next batch; advances the position. */
    public int[] next() {
        if (permutation == null) {
            permutation = permutation(seed, epoch, windows);
        }
        int[] batch = new int[batchSize];
        System.arraycopy(permutation, sample, batch, 0, batchSize);
        sample += batchSize;
        rollIfEpochDone();
        return batch;
    }

    /** The position after the last batch returned by {@link #next()}. */
    public State state() {
        return new State(seed, windows, epoch, sample);
    }

    /** Batches of this size in one epoch. */
    public long stepsPerEpoch() {
        return stepsPerEpoch(windows, batchSize);
    }

    /** Batches per epoch before an order exists (resolving {@code ep} durations during validation). */
    public static long stepsPerEpoch(long windows, int batchSize) {
        return windows / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    private void rollIfEpochDone() {
        if (sample + batchSize > windows) {
            epoch++;
            sample = 0;
            permutation = null;
        }
    }

    /** Fisher-Yates shuffle of 0..n-1 with a generator seeded from (seed, epoch). */
    static int[] permutation(long seed, long epoch, int n) {
        SplitMix64 rng = new SplitMix64(SplitMix64.mix(SplitMix64.mix(seed, ORDER_STREAM), epoch));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
