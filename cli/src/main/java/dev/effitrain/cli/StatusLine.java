package dev.effitrain.cli;

import dev.effitrain.core.train.TrainListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says what a slow phase (loading data, evaluating, saving a checkpoint) is doing once it has
 * lasted {@code showAfter}, and again every {@code every} until it ends; a phase that ends sooner
 * shows nothing. One phase at a time: a new one replaces the last.
 */
final class StatusLine implements AutoCloseable {
    static final Duration SHOW_AFTER = Duration.ofMillis(1500);
    static final Duration EVERY = Duration.ofSeconds(1);

    /** How the status is drawn: a redrawn line on a terminal, one line in a log. */
    interface Display {
        /** {@code text} describes the phase; {@code first} is true for its first showing. */
        void show(String text, boolean first);

        /** The phase ended after it was shown. */
        void clear();
    }

    private final Display display;
    private final Duration showAfter;
    private final Duration every;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> pending;
    private long generation;
    private boolean shown;

    StatusLine(Display display, Duration showAfter, Duration every) {
        this.display = display;
        this.showAfter = showAfter;
        this.every = every;
    }

    /** Starts a phase; closing the handle ends it (closing it twice, or after a newer phase began, does nothing). */
    synchronized TrainListener.Activity begin(String what) {
        end();
        long id = ++generation;
        long start = System.nanoTime();
        pending = timer().scheduleAtFixedRate(() -> tick(id, what, start), showAfter.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> end(id);
    }

    private synchronized void tick(long id, String what, long start) {
        if (id != generation || pending == null) {
            return;
        }
        display.show(ProgressLines.status(what, Duration.ofNanos(System.nanoTime() - start)), !shown);
        shown = true;
    }

    private synchronized void end(long id) {
        if (id == generation) {
            end();
        }
    }

    /** Ends the current phase, if any. */
    synchronized void end() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
            if (shown) {
                display.clear();
            }
            shown = false;
        }
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "effitrain-status");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    @Override
    public synchronized void close() {
        end();
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
