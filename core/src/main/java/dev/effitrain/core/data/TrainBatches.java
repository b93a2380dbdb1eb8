package dev.effitrain.core.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The stream of training batches: {@link BatchOrder} picks the windows, {@link LmDataset} fills one
 * int[] per batch. With {@code prefetch > 0} a background thread keeps up to that many batches
 * ready; the trainer still makes the NDArrays on its own thread ({@link LmBatch#toInputs}).
 *
 * <p>{@link #state()} is the position after the last batch {@link #next()} returned, never the
 * producer's position, so a checkpoint taken between steps resumes exactly even while batches are
 * queued.
 */
public final class TrainBatches implements AutoCloseable {
    private final LmDataset data;
    private final BatchOrder order;
    private final BlockingQueue<Item> queue;
    private final Thread producer;
    private BatchOrder.State state;
    private volatile boolean closed;

    private record Item(LmBatch batch, BatchOrder.State after, RuntimeException error) {
    }

    /**
     * @param order    owned by this stream from now on: the caller must not advance it
     * @param prefetch batches built ahead on one background thread ({@code data.num_workers}); 0 builds
     *                 them in {@link #next()}. Building a batch is a memory copy (a few microseconds for
     *                 16 x 128 tokens), so one thread is always enough.
     */
    public TrainBatches(LmDataset data, BatchOrder order, int prefetch) {
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0: " + prefetch);
        }
        this.data = data;
        this.order = order;
        this.state = order.state();
        if (prefetch == 0) {
            queue = null;
            producer = null;
        } else {
            queue = new ArrayBlockingQueue<>(prefetch);
            producer = new Thread(this::produce, "effitrain-data-prefetch");
            producer.setDaemon(true);
            producer.start();
        }
    }

    /** The next training batch. */
    public LmBatch next() {
        if (closed) {
            throw new IllegalStateException("batch stream is closed");
        }
        Item item;
        if (producer == null) {
            item = build();
        } else {
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (item.error != null) {
            closed = true;
            throw item.error;
        }
        state = item.after;
        return item.batch;
    }

    /** Position after the last batch returned: what a checkpoint saves. */
    public BatchOrder.State state() {
        return state;
    }

    public long stepsPerEpoch() {
        return order.stepsPerEpoch();
    }

    private Item build() {
        LmBatch batch = data.batch(order.next());
        return new Item(batch, order.state(), null);
    }

    private void produce() {
        try {
            while (!closed) {
                Item item;
                try {
                    item = build();
                } catch (RuntimeException e) {
                    queue.put(new Item(null, null, e));
                    return;
                }
                queue.put(item);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        if (producer != null) {
            producer.interrupt();
            try {
                producer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
