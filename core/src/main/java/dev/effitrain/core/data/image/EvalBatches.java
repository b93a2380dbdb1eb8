package dev.effitrain.core.data.image;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Evaluation batches: dataset order, no augmentation, the last batch possibly smaller, optionally
 * prefetched by background workers. Close it when stopping early so the workers end.
 */
public final class EvalBatches implements Iterator<ImageBatch>, AutoCloseable {
    private final ImageDataset ds;
    private final int batchSize;
    private final int batchCount;
    private final BatchAssembler assembler;
    private final Prefetcher<ImageBatch> prefetcher;
    private int submitted;
    private int taken;

    /**
     * @param maxBatches stop after this many batches; 0 = the whole dataset
     */
    public EvalBatches(ImageDataset ds, int batchSize, Normalization norm, int workers, int maxBatches) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.ds = ds;
        this.batchSize = batchSize;
        int all = (ds.size() + batchSize - 1) / batchSize;
        this.batchCount = maxBatches > 0 ? Math.min(all, maxBatches) : all;
        this.assembler = new BatchAssembler(ds, norm, Augmentation.NONE);
        this.prefetcher = new Prefetcher<>(workers, "image-eval-loader");
    }

    /** Number of batches this iterator yields. */
    public int batchCount() {
        return batchCount;
    }

    /** Number of images this iterator yields. */
    public int imageCount() {
        return Math.min(ds.size(), batchCount * batchSize);
    }

    @Override
    public boolean hasNext() {
        return taken < batchCount;
    }

    @Override
    public ImageBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (prefetcher.isEmpty()) {
            submitNext();
        }
        ImageBatch batch = prefetcher.take();
        taken++;
        while (submitted < batchCount && prefetcher.hasRoom()) {
            submitNext();
        }
        return batch;
    }

    private void submitNext() {
        int from = submitted * batchSize;
        int[] indices = new int[Math.min(batchSize, ds.size() - from)];
        for (int k = 0; k < indices.length; k++) {
            indices[k] = from + k;
        }
        prefetcher.submit(() -> assembler.build(indices, null));
        submitted++;
    }

    @Override
    public void close() {
        prefetcher.close();
    }
}
