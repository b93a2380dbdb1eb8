package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a safetensors JSON header with the rules of the official Rust crate
 * ({@code read_metadata} + {@code validate}): strict UTF-8 JSON object, {@code __metadata__} maps
 * strings to strings, known dtypes, offsets contiguous from 0 once sorted, each span exactly
 * numel × dtype size, and the data ending exactly at the end of the file. Every failure is an
 * exit-3 error naming the file.
 */
final class HeaderParser {

    private record RawTensor(String name, String dtype, long[] shape, long[] offsets) {
    }

    private final Path file;

    private HeaderParser(Path file) {
        this.file = file;
    }

    static SafeTensorsHeader parse(Path file, byte[] header, long fileSize) {
        return new HeaderParser(file).parse(header, fileSize);
    }

    private SafeTensorsHeader parse(byte[] header, long fileSize) {
        String text = decodeUtf8(header);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<RawTensor> raw = new ArrayList<>();
        try {
            JsonReader json = new JsonReader(new StringReader(text));
            json.setStrictness(Strictness.STRICT);
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw bad("header is not a JSON object (starts with " + json.peek() + ")");
            }
            json.beginObject();
            Set<String> seen = new HashSet<>();
            while (json.hasNext()) {
                String name = json.nextName();
                if (!seen.add(name)) {
                    throw bad("header names '" + name + "' twice");
                }
                if (name.equals("__metadata__")) {
                    readMetadata(json, metadata);
                } else {
                    raw.add(readTensor(json, name));
                }
            }
            json.endObject();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw bad("unexpected data after the header's JSON object");
            }
        } catch (IOException | IllegalStateException | JsonParseException e) {
            throw bad("header is not valid JSON (" + GsonMessages.clean(e) + ")");
        }
        List<TensorEntry> tensors = validate(raw);
        long headerLength = header.length;
        long dataEnd = tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end();
        long expected = 8 + headerLength + dataEnd;
        if (expected > fileSize) {
            throw bad("file is truncated: the header describes " + dataEnd + " bytes of tensor data but only "
                    + (fileSize - 8 - headerLength) + " follow it");
        }
        if (expected < fileSize) {
            throw bad((fileSize - expected) + " unexpected bytes after the last tensor (file is "
                    + fileSize + " bytes, the header accounts for " + expected + ")");
        }
        return new SafeTensorsHeader(file, headerLength, tensors, metadata);
    }

    private String decodeUtf8(byte[] header) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw bad("header is not valid UTF-8 (corrupt file or wrong length prefix)");
        }
    }

    private void readMetadata(JsonReader json, Map<String, String> metadata) throws IOException {
        if (json.peek() == JsonToken.NULL) { // the Rust reader takes null as "no metadata"
            json.nextNull();
            return;
        }
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("__metadata__ must be a JSON object of strings");
        }
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            if (json.peek() != JsonToken.STRING) {
                throw bad("__metadata__ value for '" + key + "' is " + json.peek() + ", must be a string");
            }
            metadata.put(key, json.nextString());
        }
        json.endObject();
    }

    private RawTensor readTensor(JsonReader json, String name) throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("tensor '" + name + "' is " + json.peek() + ", expected {dtype, shape, data_offsets}");
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "dtype" -> {
                    if (json.peek() != JsonToken.STRING) {
                        throw bad("tensor '" + name + "': dtype must be a string");
                    }
                    dtype = json.nextString();
                }
                case "shape" -> shape = readCounts(json, name, "shape");
                case "data_offsets" -> offsets = readCounts(json, name, "data_offsets");
                default -> json.skipValue(); // the Rust reader ignores unknown fields too
            }
        }
        json.endObject();
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw bad("tensor '" + name + "' has no " + missing);
        }
        if (offsets.length != 2) {
            throw bad("tensor '" + name + "': data_offsets must be [begin, end], got " + offsets.length + " numbers");
        }
        return new RawTensor(name, dtype, shape, offsets);
    }

    /** A JSON array of non-negative integers (dimensions or byte offsets). */
    private long[] readCounts(JsonReader json, String tensor, String field) throws IOException {
        if (json.peek() != JsonToken.BEGIN_ARRAY) {
            throw bad("tensor '" + tensor + "': " + field + " must be a list of non-negative integers");
        }
        List<Long> values = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            String literal = json.peek() == JsonToken.NUMBER ? json.nextString() : null;
            long value;
            try {
                value = literal == null ? -1 : Long.parseLong(literal);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0) {
                throw bad("tensor '" + tensor + "': " + field + " must be a list of non-negative integers, found "
                        + (literal == null ? json.peek() : literal));
            }
            values.add(value);
        }
        json.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private List<TensorEntry> validate(List<RawTensor> raw) {
        List<TensorEntry> tensors = new ArrayList<>(raw.size());
        for (RawTensor r : raw) {
            TensorDtype dtype = TensorDtype.parse(r.dtype()).orElseThrow(() ->
                    bad("tensor '" + r.name() + "' has unknown dtype '" + r.dtype() + "'"));
            tensors.add(new TensorEntry(r.name(), dtype, new Shape(r.shape()), r.offsets()[0], r.offsets()[1]));
        }
        tensors.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        for (TensorEntry t : tensors) {
            if (t.begin() != expectedBegin || t.end() < t.begin()) {
                throw bad("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] are not contiguous (expected it to start at " + expectedBegin + ")");
            }
            long needed;
            try {
                long numel = 1;
                for (long dim : t.shape().getShape()) {
                    numel = Math.multiplyExact(numel, dim);
                }
                needed = Math.multiplyExact(numel, (long) t.dtype().size());
            } catch (ArithmeticException e) {
                throw bad("tensor '" + t.name() + "': shape " + t.shape() + " is too large");
            }
            if (t.byteSize() != needed) {
                throw bad("tensor '" + t.name() + "': " + t.dtype() + " " + t.shape() + " needs " + needed
                        + " bytes but data_offsets [" + t.begin() + ", " + t.end() + "] span " + t.byteSize());
            }
            expectedBegin = t.end();
        }
        return tensors;
    }

    private EffitrainException bad(String what) {
        return EffitrainException.badInput(file + ": " + what);
    }
}
