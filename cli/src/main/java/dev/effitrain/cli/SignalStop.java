package dev.effitrain.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT/SIGTERM ask the training loop to checkpoint and stop (exit 75). A second signal exits at
 * once with 130, without a new checkpoint (the last complete one is still there).
 */
final class SignalStop implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];

    private SignalStop() {
    }

    /** {@code say} prints a line on stderr (through the progress display, so it does not land inside the bar). */
    static SignalStop install(AtomicBoolean stop, Consumer<String> say) {
        SignalStop s = new SignalStop();
        for (int i = 0; i < SIGNALS.length; i++) {
            String name = SIGNALS[i];
            try {
                s.previous[i] = Signal.handle(new Signal(name), sig -> {
                    if (stop.getAndSet(true)) {
                        say.accept("second SIG" + name + ": exiting now without a new checkpoint");
                        Runtime.getRuntime().halt(dev.effitrain.core.ExitCode.STOPPED_HARD.code());
                    }
                    say.accept("SIG" + name + " received: saving a checkpoint at the end of this step, then exiting (75)");
                });
            } catch (IllegalArgumentException unsupported) {
                s.previous[i] = null; // signal not available on this platform
            }
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (previous[i] != null) {
                Signal.handle(new Signal(SIGNALS[i]), previous[i]);
            }
        }
    }
}
