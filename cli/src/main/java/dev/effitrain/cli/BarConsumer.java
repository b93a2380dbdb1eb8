package dev.effitrain.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * Draws the progress bar on stderr with {@code \r} redraws, under the lock that the lines printed
 * between redraws take, and draws nothing once closed: progressbar 0.10.2 may otherwise draw the
 * finished bar, and its newline, twice.
 */
final class BarConsumer extends ConsoleProgressBarConsumer {
    private final Object lock;
    private boolean closed;

    BarConsumer(PrintStream out, Object lock) {
        super(out);
        this.lock = lock;
    }

    @Override
    public void accept(String rendered) {
        synchronized (lock) {
            if (!closed) {
                super.accept(rendered);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                super.close();
            }
        }
    }
}
