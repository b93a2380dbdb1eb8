package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on background daemon threads and hands their results back in submission order. The
 * owner keeps at most {@link #capacity()} tasks outstanding (the bounded queue). With zero workers
 * each task runs on the caller's thread inside {@link #take()}, so results are the same either way.
 */
final class Prefetcher<T> implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService executor;
    private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
    private final int capacity;

    Prefetcher(int workers, String name) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + workers);
        }
        this.capacity = workers == 0 ? 1 : 2 * workers;
        if (workers == 0) {
            executor = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            executor = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, name + "-" + pool + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** How many tasks may be outstanding. */
    int capacity() {
        return capacity;
    }

    boolean hasRoom() {
        return pending.size() < capacity;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void submit(Callable<T> task) {
        if (!hasRoom()) {
            throw new IllegalStateException("prefetch queue is full");
        }
        pending.add(executor != null ? executor.submit(task) : new FutureTask<>(task));
    }

    /** The oldest task's result, waiting for it if needed; its exception is rethrown unwrapped. */
    T take() {
        Future<T> f = pending.poll();
        if (f == null) {
            throw new IllegalStateException("nothing submitted");
        }
        if (f instanceof FutureTask<T> inline && executor == null) {
            inline.run();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("batch loader was closed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EffitrainException ee) {
                throw ee;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("batch loader failed", cause);
        }
    }

    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
