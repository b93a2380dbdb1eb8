package dev.effitrain.core.checkpoint;

import java.nio.file.Path;

/** A file as written: its size and the SHA-256 (lower-case hex) of exactly the bytes written. */
public record WrittenFile(Path file, long bytes, String sha256) {
}
