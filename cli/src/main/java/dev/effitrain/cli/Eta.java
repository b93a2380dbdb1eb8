package dev.effitrain.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Time left to the end of training, from the pace since this process started training; shared by the bar and plain lines. */
final class Eta {
    private Eta() {
    }

    /**
     * @param doneSinceStart steps this process has trained
     * @param elapsed        time since it started training
     * @param left           steps still to train
     * @return empty until a step has been trained
     */
    static Optional<Duration> remaining(long doneSinceStart, Duration elapsed, long left) {
        if (left <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (doneSinceStart <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) ((double) elapsed.toNanos() / doneSinceStart * left)));
    }

    /** H:MM:SS (as the progress bar writes it), or "?" when unknown. */
    static String format(Optional<Duration> eta) {
        if (eta.isEmpty()) {
            return "?";
        }
        long s = eta.get().toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
