package dev.effitrain.core.metrics.tensorboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's host name for event file names, without a DNS lookup (which can hang); "localhost" if unknown. */
final class Host {
    private Host() {
    }

    static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return clean(env);
        }
        try {
            return clean(Files.readString(Path.of("/proc/sys/kernel/hostname")));
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** A file-name-safe form: letters, digits, '-' and '.' kept, anything else dropped. */
    static String clean(String host) {
        String s = host.trim().replaceAll("[^A-Za-z0-9.-]", "");
        return s.isEmpty() ? "localhost" : s;
    }
}
