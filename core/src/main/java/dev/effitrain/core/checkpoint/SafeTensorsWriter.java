package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.google.gson.stream.JsonWriter;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the safetensors format byte for byte as the official serializer does: tensors ordered by
 * descending alignment then name, a compact JSON header padded with spaces to a multiple of 8, and
 * the data streamed tensor by tensor through a {@link FileChannel} (long offsets, no whole-file
 * buffer). The file is fsynced before {@link #write} returns.
 */
final class SafeTensorsWriter {

    private SafeTensorsWriter() {
    }

    private record Planned(String name, NDArray array, TensorDtype dtype, long begin, long end) {
    }

    static WrittenFile write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("safetensors writing needs a little-endian machine");
        }
        List<Planned> plan = plan(tensors);
        byte[] header = header(plan, metadata);
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            digest.update(prefix.duplicate());
            writeFully(ch, prefix);
            for (Planned p : plan) {
                writeTensor(ch, p, digest);
            }
            ch.force(true);
            return new WrittenFile(file, ch.size(), Sha256.hex(digest));
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write (" + IoMessages.reason(e) + ")", e);
        } catch (UncheckedIOException e) {
            throw EffitrainException.badInput(file + ": cannot write (" + IoMessages.reason(e.getCause()) + ")", e);
        }
    }

    private static List<Planned> plan(Map<String, NDArray> tensors) {
        List<Planned> plan = new ArrayList<>();
        // TreeMap: a deterministic name order whatever map the caller passed
        for (Map.Entry<String, NDArray> e : new TreeMap<>(tensors).entrySet()) {
            String name = e.getKey();
            NDArray array = e.getValue();
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            TensorDtype dtype = TensorDtype.of(array.getDataType()).orElseThrow(() ->
                    new IllegalArgumentException("tensor '" + name + "' has type " + array.getDataType()
                            + ", which safetensors files from effitrain cannot hold"));
            plan.add(new Planned(name, array, dtype, 0, 0));
        }
        plan.sort(Comparator.comparing((Planned p) -> p.dtype().ordinal()).reversed()
                .thenComparing(Planned::name));
        List<Planned> placed = new ArrayList<>(plan.size());
        long offset = 0;
        for (Planned p : plan) {
            long bytes = Math.multiplyExact(p.array().getShape().size(), (long) p.dtype().size());
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' is " + bytes
                        + " bytes; DJL cannot hand over a single tensor larger than 2 GiB");
            }
            placed.add(new Planned(p.name(), p.array(), p.dtype(), offset, offset + bytes));
            offset += bytes;
        }
        return placed;
    }

    /** The JSON header, padded with spaces so the data starts 8-byte aligned. */
    private static byte[] header(List<Planned> plan, Map<String, String> metadata) {
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name("__metadata__").beginObject();
                for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                    json.name(m.getKey()).value(m.getValue());
                }
                json.endObject();
            }
            for (Planned p : plan) {
                json.name(p.name()).beginObject();
                json.name("dtype").value(p.dtype().name());
                json.name("shape").beginArray();
                for (long dim : p.array().getShape().getShape()) {
                    json.value(dim);
                }
                json.endArray();
                json.name("data_offsets").beginArray().value(p.begin()).value(p.end()).endArray();
                json.endObject();
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        byte[] utf8 = out.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(utf8, 0, header, 0, utf8.length);
        java.util.Arrays.fill(header, utf8.length, padded, (byte) ' ');
        return header;
    }

    private static void writeTensor(FileChannel ch, Planned p, MessageDigest digest) throws IOException {
        // toByteBuffer(true) is a view of the tensor's memory on CPU; for a GPU or non-contiguous
        // tensor DJL first makes a contiguous CPU copy, which the scope frees once written.
        try (NDScope scope = new NDScope()) {
            ByteBuffer data = p.array().toByteBuffer(true);
            if (data.remaining() != p.end() - p.begin()) {
                throw new IllegalStateException("tensor '" + p.name() + "' gave " + data.remaining()
                        + " bytes, expected " + (p.end() - p.begin()));
            }
            digest.update(data.duplicate());
            writeFully(ch, data);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
