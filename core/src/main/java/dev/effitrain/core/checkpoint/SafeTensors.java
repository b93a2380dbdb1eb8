package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (https://huggingface.co/docs/safetensors), written and read by effitrain
 * itself rather than DJL's encoder, which has int offsets (2 GB limit) and loses tensor order.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code n}; {@code n} bytes of UTF-8
 * JSON, {@code {"__metadata__": {string: string}, NAME: {"dtype", "shape", "data_offsets": [b, e]}}},
 * padded with spaces to a multiple of 8; then the tensors' little-endian, C-order bytes, contiguous
 * from offset 0. Loadable dtypes: F64 F32 F16 I64 I32 I8 U8 BOOL. A single tensor is limited to
 * 2 GiB (DJL's buffers are int-indexed); files are not.
 *
 * <p>Every problem with a file (missing, truncated, corrupt header, unsupported dtype such as BF16)
 * is an {@link dev.effitrain.core.EffitrainException} with exit code 3 and a message
 * {@code "<file>: <what is wrong>"}.
 */
public final class SafeTensors {

    private SafeTensors() {
    }

    /**
     * Writes {@code tensors} (in any map order) and {@code metadata} to {@code file}, replacing it,
     * and fsyncs it. Tensors are laid out as the official library lays them out: widest dtype first,
     * then by name. Returns the size and SHA-256 of the bytes written.
     *
     * @throws IllegalArgumentException for a tensor type the format cannot hold (a programming error)
     */
    public static WrittenFile write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        return SafeTensorsWriter.write(file, tensors, metadata);
    }

    /**
     * Loads every tensor onto {@code manager}, ordered by name. The arrays are unregistered from any
     * open {@link ai.djl.ndarray.NDScope}; they live until closed or until the manager closes.
     */
    public static LinkedHashMap<String, NDArray> read(Path file, NDManager manager) {
        return SafeTensorsReader.read(file, manager);
    }

    /** The validated header (names, dtypes, shapes, byte sizes, metadata) without reading data. */
    public static SafeTensorsHeader readHeader(Path file) {
        return SafeTensorsReader.readHeader(file);
    }
}
