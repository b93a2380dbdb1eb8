package dev.effitrain.core.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync for files and directories, so a rename is durable only after what it publishes is. */
final class Fsync {

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private Fsync() {
    }

    static void file(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
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
