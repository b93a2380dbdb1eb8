package dev.effitrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bar or plain lines: a progress bar only when stderr, where progress goes, is a terminal.
 *
 * <p>Java has no isatty. {@code System.console()} asks about stdin and stdout, so {@code 2> log}
 * on a terminal got bars (ANSI escapes) in the log and {@code > out} lost the bar. On Linux the
 * link {@code /proc/self/fd/2} names what stderr is: a terminal is {@code /dev/pts/N},
 * {@code /dev/ttyN} (also serial {@code /dev/ttyS0}) or {@code /dev/console}; a file, a pipe
 * ({@code pipe:[...]}), a socket or {@code /dev/null} is not. Where there is no /proc (macOS), it
 * falls back to {@code System.console()}. {@code TERM=dumb} (e.g. an editor's shell) gets plain
 * lines: it cannot redraw a line.
 */
enum ProgressMode {
    BAR, PLAIN;

    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    /** The mode for this process. */
    static ProgressMode detect() {
        return decide(stderrTarget(), System.console() != null, System.getenv("TERM"));
    }

    /**
     * @param stderrTarget what {@code /proc/self/fd/2} links to; empty where that cannot be read
     * @param console      whether {@code System.console()} is there (the fallback without /proc)
     * @param term         the {@code TERM} variable, or null
     */
    static ProgressMode decide(Optional<String> stderrTarget, boolean console, String term) {
        if ("dumb".equals(term)) {
            return PLAIN;
        }
        boolean terminal = stderrTarget.map(ProgressMode::isTerminalDevice).orElse(console);
        return terminal ? BAR : PLAIN;
    }

    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }

    private static Optional<String> stderrTarget() {
        try {
            return Optional.of(Files.readSymbolicLink(STDERR_LINK).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
