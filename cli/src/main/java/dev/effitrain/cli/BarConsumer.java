package dev.effitrain.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * Draws the progress bar on stderr with {@code \r} redraws, under the lock that the lines printed
 * between redraws take, and draws nothing once closed: progressbar 0.10.2 may otherwise draw the
 * finished bar, and its newline, twice. Its width comes from {@link TerminalWidth}, not the
 * library's JLine terminal (which would take Ctrl-C away from the checkpoint-and-stop handler).
 */
final class BarConsumer extends ConsoleProgressBarConsumer {
    /** Columns left free at the right edge: a line as wide as the terminal wraps in some terminals. */
    private static final int RIGHT_MARGIN = 1;

    private final Object lock;
    private final TerminalWidth width = new TerminalWidth();
    private boolean closed;

    BarConsumer(PrintStream out, Object lock) {
        super(out);
        this.lock = lock;
    }

    @Override
    public int getMaxRenderedLength() {
        return width.columns() - RIGHT_MARGIN;
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
