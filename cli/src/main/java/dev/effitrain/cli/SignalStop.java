package dev.effitrain.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
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

    static SignalStop install(AtomicBoolean stop, PrintWriter err) {
        SignalStop s = new SignalStop();
        for (int i = 0; i < SIGNALS.length; i++) {
            String name = SIGNALS[i];
            try {
                s.previous[i] = Signal.handle(new Signal(name), sig -> {
                    if (stop.getAndSet(true)) {
                        err.println("second SIG" + name + ": exiting now without a new checkpoint");
                        err.flush();
                        Runtime.getRuntime().halt(dev.effitrain.core.ExitCode.STOPPED_HARD.code());
                    }
                    err.println("SIG" + name + " received: saving a checkpoint at the end of this step, then exiting (75)");
                    err.flush();
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
