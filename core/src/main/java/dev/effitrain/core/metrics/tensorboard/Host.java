package dev.effitrain.core.metrics.tensorboard;

import dev.effitrain.core.metrics.RunEnvironment;

/** This machine's host name for event file names, without a DNS lookup (which can hang); "localhost" if unknown. */
final class Host {
    private Host() {
    }

    static String name() {
        return clean(RunEnvironment.host());
    }

    /** A file-name-safe form: letters, digits, '-' and '.' kept, anything else dropped. */
    static String clean(String host) {
        String s = host.trim().replaceAll("[^A-Za-z0-9.-]", "");
        return s.isEmpty() ? "localhost" : s;
    }
}
