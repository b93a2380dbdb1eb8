package dev.effitrain.core.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads safetensors files written by anyone (effitrain, the official Python/Rust library, DJL):
 * validates the header first, then reads each tensor straight into its NDArray's memory.
 */
final class SafeTensorsReader {

    /** The official crate's limit; a larger length prefix means a corrupt or foreign file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensorsReader() {
    }

    static SafeTensorsHeader readHeader(Path file) {
        try (FileChannel ch = open(file)) {
            return readHeader(file, ch);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Every tensor, by name in ascending order, on {@code manager}, outside any {@link NDScope}. */
    static LinkedHashMap<String, NDArray> read(Path file, NDManager manager) {
        List<NDArray> loaded = new ArrayList<>();
        try (FileChannel ch = open(file)) {
            SafeTensorsHeader header = readHeader(file, ch);
            for (TensorEntry t : header.tensors()) {
                if (!t.dtype().loadable()) {
                    throw bad(file, "tensor '" + t.name() + "': " + t.dtype().unsupportedReason());
                }
                if (t.byteSize() > Integer.MAX_VALUE) {
                    throw bad(file, "tensor '" + t.name() + "' is " + t.byteSize()
                            + " bytes; tensors over 2 GiB cannot be loaded into DJL");
                }
            }
            TreeMap<String, NDArray> byName = new TreeMap<>();
            for (TensorEntry t : header.tensors()) { // file order: one sequential pass over the disk
                NDArray array = readTensor(file, ch, header.dataStart(), t, manager);
                loaded.add(array);
                byName.put(t.name(), array);
            }
            return new LinkedHashMap<>(byName);
        } catch (IOException e) {
            loaded.forEach(NDArray::close);
            throw unreadable(file, e);
        } catch (RuntimeException e) {
            loaded.forEach(NDArray::close);
            throw e;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw bad(file, "is a directory, expected a .safetensors file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static SafeTensorsHeader readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw bad(file, "file is " + size + " bytes, too short to be safetensors (truncated?)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, prefix, 0);
        long n = prefix.getLong(0); // unsigned on disk: negative here means above 2^63
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw bad(file, "header length " + Long.toUnsignedString(n)
                    + " exceeds the 100 MB limit (not a safetensors file, or a corrupt length prefix)");
        }
        if (8 + n > size) {
            throw bad(file, "header length " + n + " runs past the end of the " + size
                    + "-byte file (truncated, or a corrupt length prefix)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) n);
        readFully(file, ch, header, 8);
        return HeaderParser.parse(file, header.array(), size);
    }

    private static NDArray readTensor(Path file, FileChannel ch, long dataStart, TensorEntry t,
                                      NDManager manager) throws IOException {
        long position = dataStart + t.begin();
        if (!Device.cpu().equals(manager.getDevice())) {
            ByteBuffer staging = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, ch, staging, position);
            staging.flip();
            NDArray array = manager.create(staging, t.shape(), t.dtype().djlType());
            NDScope.unregister(array);
            return array;
        }
        // torch.empty, then read the bytes straight into its memory: no copy, and no Java
        // direct-memory limit on big checkpoints
        NDArray array = manager.create(t.shape(), t.dtype().djlType());
        NDScope.unregister(array);
        try {
            ByteBuffer target = array.toByteBuffer(true);
            if (target.capacity() != t.byteSize()) {
                throw new IllegalStateException("DJL gave a " + target.capacity() + "-byte view for "
                        + t.byteSize() + " bytes of tensor '" + t.name() + "'");
            }
            readFully(file, ch, target, position);
            return array;
        } catch (IOException | RuntimeException e) {
            array.close();
            throw e;
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw bad(file, "file ended early at byte " + pos + " (truncated while being read?)");
            }
            pos += n;
        }
    }

    private static EffitrainException unreadable(Path file, IOException e) {
        return EffitrainException.badInput(IoMessages.where(file, e) + ": cannot read ("
                + IoMessages.reason(e) + ")", e);
    }

    private static EffitrainException bad(Path file, String what) {
        return EffitrainException.badInput(file + ": " + what);
    }
}
