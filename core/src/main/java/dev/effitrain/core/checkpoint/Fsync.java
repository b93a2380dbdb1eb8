package dev.effitrain.core.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync for directories, so a rename is durable once what it publishes is (files are forced by their writers). */
final class Fsync {

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private Fsync() {
    }

    /** Makes a directory's entries (created, renamed, deleted) durable. Windows cannot open directories. */
    static void directory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
