package dev.effitrain.core.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated safetensors header: the tensors in file (offset) order and the string metadata.
 * Obtained without reading any tensor data, e.g. for {@code effitrain inspect}.
 *
 * @param headerLength the JSON header's length in bytes (the 8-byte prefix's value)
 */
public record SafeTensorsHeader(Path file, long headerLength, List<TensorEntry> tensors,
                                Map<String, String> metadata) {

    public SafeTensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /** File offset of the first data byte. */
    public long dataStart() {
        return 8 + headerLength;
    }

    /** Bytes of tensor data (all tensors). */
    public long dataBytes() {
        return tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end();
    }

    public long fileSize() {
        return dataStart() + dataBytes();
    }

    public Optional<TensorEntry> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
