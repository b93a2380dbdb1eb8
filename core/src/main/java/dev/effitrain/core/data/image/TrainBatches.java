package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The endless stream of training batches: each epoch a fresh shuffle from (seed, epoch), batches of
 * exactly {@code batchSize} (the leftover samples at the end of an epoch are dropped, different ones
 * each epoch), optional augmentation, built ahead of time by background workers. Everything a batch
 * contains is a function of (seed, epoch, index), so a loader started from a saved
 * {@link #position()} continues exactly where the original would have, whatever the worker count.
 */
public final class TrainBatches implements AutoCloseable {
    private final ImageDataset ds;
    private final int batchSize;
    private final long seed;
    private final Augmentation aug;
    private final BatchAssembler assembler;
    private final Prefetcher<ImageBatch> prefetcher;
    /** Position after each batch handed to the prefetcher, oldest first. */
    private final ArrayDeque<LoaderPosition> submittedEnds = new ArrayDeque<>();
    private LoaderPosition consumed;
    private LoaderPosition planned;
    private long orderEpoch = -1;
    private int[] order;

    /**
     * @param workers background threads building batches (0 = build in {@link #next()})
     * @param start   where to begin: {@link LoaderPosition#start()} or a position saved by a previous run
     */
    public TrainBatches(ImageDataset ds, int batchSize, long seed, Normalization norm, Augmentation aug, int workers,
                        LoaderPosition start) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (batchSize > ds.size()) {
            throw EffitrainException.usage("batch size " + batchSize + " is larger than the training set ("
                    + ds.size() + " images)");
        }
        this.ds = ds;
        this.batchSize = batchSize;
        this.seed = seed;
        this.aug = aug;
        this.assembler = new BatchAssembler(ds, norm, aug);
        this.prefetcher = new Prefetcher<>(workers, "image-loader");
        this.consumed = normalise(start);
        this.planned = consumed;
    }

    /** The next batch; never runs out (epochs follow each other). */
    public ImageBatch next() {
        if (prefetcher.isEmpty()) {
            submitNext();
        }
        ImageBatch batch = prefetcher.take();
        consumed = submittedEnds.poll();
        // Refill after taking, so a batch that is already built is handed over without delay.
        while (prefetcher.hasRoom()) {
            submitNext();
        }
        return batch;
    }

    /** Where the next call to {@link #next()} starts: save this with a checkpoint. */
    public LoaderPosition position() {
        return consumed;
    }

    /** Full batches per epoch (floor(N / batchSize)). */
    public int batchesPerEpoch() {
        return ds.size() / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    private void submitNext() {
        LoaderPosition at = planned;
        int[] epochOrder = orderFor(at.epoch());
        int from = (int) at.index();
        int[] indices = Arrays.copyOfRange(epochOrder, from, from + batchSize);
        long[] augSeeds = null;
        if (aug.enabled()) {
            augSeeds = new long[batchSize];
            for (int k = 0; k < batchSize; k++) {
                augSeeds[k] = Seeds.mix(seed, Seeds.AUGMENT, at.epoch(), from + k);
            }
        }
        long[] seedsForTask = augSeeds;
        prefetcher.submit(() -> assembler.build(indices, seedsForTask));
        planned = normalise(new LoaderPosition(at.epoch(), at.index() + batchSize));
        submittedEnds.add(planned);
    }

    private int[] orderFor(long epoch) {
        if (epoch != orderEpoch) {
            order = EpochOrder.shuffled(seed, epoch, ds.size());
            orderEpoch = epoch;
        }
        return order;
    }

    /** A position with no full batch left in its epoch is the start of the next epoch. */
    private LoaderPosition normalise(LoaderPosition p) {
        return p.index() + batchSize > ds.size() ? new LoaderPosition(p.epoch() + 1, 0) : p;
    }

    @Override
    public void close() {
        prefetcher.close();
    }
}
