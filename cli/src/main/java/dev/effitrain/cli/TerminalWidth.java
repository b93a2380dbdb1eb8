package dev.effitrain.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width for the progress bar, from {@code stty size} on {@code /dev/tty}, re-read at
 * most every {@link #REREAD_NANOS} ns so a resized window is followed; 80 when it cannot be read.
 *
 * <p>Not JLine's terminal, which the progressbar library would otherwise open to ask the width:
 * opening it resets SIGINT to the default action, so Ctrl-C killed a run at once instead of letting
 * it save a checkpoint and exit 75.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;
    private static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(2);

    private int columns = DEFAULT;
    private long readAt;
    private boolean read;

    synchronized int columns() {
        long now = System.nanoTime();
        if (!read || now - readAt > REREAD_NANOS) {
            columns = query().orElse(DEFAULT);
            readAt = now;
            read = true;
        }
        return columns;
    }

    /** {@code stty size} prints "ROWS COLUMNS". */
    static OptionalInt parse(String sttySize) {
        String[] parts = sttySize.trim().split("\\s+");
        if (parts.length != 2) {
            return OptionalInt.empty();
        }
        try {
            int cols = Integer.parseInt(parts[1]);
            return cols >= 10 ? OptionalInt.of(cols) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt query() {
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 ? parse(out) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
