package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the bytes on disk by hand against what the official safetensors loader (Rust crate,
 * used by {@code safetensors.torch.load_file}) requires, and against byte vectors from that crate's
 * own serializer tests.
 */
class SafeTensorsFormatTest {

    private static final Map<String, Integer> DTYPE_SIZES = Map.of("F64", 8, "I64", 8, "F32", 4, "I32", 4,
            "F16", 2, "I8", 1, "U8", 1, "BOOL", 1);

    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void headerIsWhatThePyTorchLoaderRequires() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("blocks.0.attn.qkv.weight", manager.randomNormal(new Shape(3, 5)));
        tensors.put("opt.exp_avg.q", TestTensors.random(manager, DataType.UINT8, new Shape(7), 1));
        tensors.put("opt.step", manager.create(42L));
        tensors.put("mask", TestTensors.random(manager, DataType.BOOLEAN, new Shape(3), 2));
        tensors.put("half", manager.ones(new Shape(3)).toType(DataType.FLOAT16, false));
        tensors.put("f64", manager.ones(new Shape(1), DataType.FLOAT64));
        tensors.put("i8", TestTensors.random(manager, DataType.INT8, new Shape(2), 3));
        tensors.put("i32", manager.create(new int[] {1, 2, 3}));
        tensors.put("empty", manager.zeros(new Shape(0, 4)));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        byte[] raw = Files.readAllBytes(file);

        // 8-byte little-endian unsigned header length, header within the file, padded to 8
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertTrue(n > 0 && n <= 100_000_000 && 8 + n <= raw.length, "header length " + n);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals('{', header.charAt(0));
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}"));
        assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '), "padding is spaces");

        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertEquals("pt", root.getAsJsonObject("__metadata__").get("format").getAsString());
        assertEquals(tensors.size() + 1, root.size());

        // every tensor: exactly dtype, shape, data_offsets; sizes consistent; offsets contiguous from 0
        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(root.entrySet());
        entries.removeIf(e -> e.getKey().equals("__metadata__"));
        entries.sort(Comparator.comparingLong(e -> e.getValue().getAsJsonObject()
                .getAsJsonArray("data_offsets").get(0).getAsLong()));
        long expectedBegin = 0;
        long dataStart = 8 + n;
        for (Map.Entry<String, JsonElement> e : entries) {
            JsonObject info = e.getValue().getAsJsonObject();
            assertEquals(Set.of("dtype", "shape", "data_offsets"), info.keySet(), e.getKey());
            int size = DTYPE_SIZES.get(info.get("dtype").getAsString());
            long numel = 1;
            for (JsonElement d : info.getAsJsonArray("shape")) {
                numel *= d.getAsLong();
            }
            assertEquals(tensors.get(e.getKey()).getShape().size(), numel, e.getKey());
            JsonArray offsets = info.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            assertEquals(expectedBegin, begin, e.getKey() + " contiguous");
            assertEquals(numel * size, end - begin, e.getKey() + " span = numel * dtype size");
            assertEquals(0, (dataStart + begin) % size, e.getKey() + " aligned to its element size");
            byte[] stored = java.util.Arrays.copyOfRange(raw, (int) (dataStart + begin), (int) (dataStart + end));
            assertArrayEquals(TestTensors.bytes(tensors.get(e.getKey())), stored, e.getKey() + " data little-endian");
            expectedBegin = end;
        }
        assertEquals(raw.length, 8 + n + expectedBegin, "8 + n + data == file size");
        // written like the official serializer: widest dtype first, then by name
        assertEquals(List.of("opt.step", "f64", "blocks.0.attn.qkv.weight", "empty", "i32", "half", "i8",
                "opt.exp_avg.q", "mask"), entries.stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void matchesTheOfficialSerializersBytes() throws Exception {
        // vectors from huggingface/safetensors tensor.rs: test_serialization, ..._forced_alignement, test_empty
        NDArray values = manager.create(new float[] {0, 1, 2, 3, 4, 5});
        assertFileBytes(Map.of("attn.0", values.reshape(1, 2, 3)), Map.of(),
                "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", values);
        assertFileBytes(Map.of("attn0", values.reshape(1, 1, 2, 3)), Map.of(),
                "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", values);
        assertFileBytes(Map.of(), Map.of(), "{}      ", null);
        assertFileBytes(Map.of(), Map.of("framework", "pt"), "{\"__metadata__\":{\"framework\":\"pt\"}}     ", null);
    }

    private void assertFileBytes(Map<String, NDArray> tensors, Map<String, String> metadata, String header,
                                 NDArray data) throws Exception {
        Path file = dir.resolve("golden.safetensors");
        SafeTensors.write(file, tensors, metadata);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
        expected.write(header.getBytes(StandardCharsets.UTF_8));
        if (data != null) {
            expected.write(TestTensors.bytes(data));
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file), header);
    }
}
