package dev.effitrain.core.checkpoint;

import static dev.effitrain.core.checkpoint.TestTensors.assertSameTensor;
import static dev.effitrain.core.checkpoint.TestTensors.assertSameTensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    private static final List<DataType> TYPES = List.of(DataType.FLOAT32, DataType.FLOAT16, DataType.FLOAT64,
            DataType.INT64, DataType.INT32, DataType.INT8, DataType.UINT8, DataType.BOOLEAN);
    private static final List<Shape> SHAPES = List.of(new Shape(2, 3), new Shape(), new Shape(0),
            new Shape(3, 0, 2), new Shape(7), new Shape(2, 1, 3, 1));

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
    void everyDtypeAndShapeRoundTripsBitExact() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        long seed = 1;
        for (DataType type : TYPES) {
            for (Shape shape : SHAPES) {
                String name = "t." + type.name().toLowerCase() + "." + shape.toString().replaceAll("[^0-9]+", "_");
                tensors.put(name, TestTensors.random(manager, type, shape, seed++));
            }
        }
        Path file = dir.resolve("all.safetensors");
        WrittenFile written = SafeTensors.write(file, tensors, Map.of("format", "pt"));

        Map<String, NDArray> back = SafeTensors.read(file, manager);

        assertSameTensors(tensors, back);
        assertEquals(List.copyOf(new java.util.TreeSet<>(tensors.keySet())), List.copyOf(back.keySet()),
                "read returns tensors by name");
        assertEquals(Files.size(file), written.bytes());
    }

    @Test
    void extremeValuesSurvive() {
        NDArray i64 = manager.create(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE});
        NDArray u8 = TestTensors.fromBytes(manager, DataType.UINT8, new Shape(4), new byte[] {0, 127, (byte) 128, (byte) 255});
        NDArray f32 = manager.create(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE});
        NDArray f16 = manager.create(new float[] {65504f, -0.0f, 6.1e-5f, 1f / 3}).toType(DataType.FLOAT16, false);
        Map<String, NDArray> tensors = Map.of("i64", i64, "u8", u8, "f32", f32, "f16", f16);
        Path file = dir.resolve("extremes.safetensors");
        SafeTensors.write(file, tensors, Map.of());

        Map<String, NDArray> back = SafeTensors.read(file, manager);

        assertSameTensors(tensors, back);
        assertEquals(255, back.get("u8").toUint8Array()[3]);
    }

    @Test
    void metadataAndNamesAreKept() {
        Map<String, String> metadata = Map.of("format", "pt", "effitrain.step", "500", "note", "ünïcødé \"quoted\"");
        Map<String, NDArray> tensors = Map.of("blocks.0.attn.qkv.weight", manager.ones(new Shape(2, 2)),
                "émbed.wéight", manager.zeros(new Shape(3)));
        Path file = dir.resolve("meta.safetensors");
        SafeTensors.write(file, tensors, metadata);

        SafeTensorsHeader header = SafeTensors.readHeader(file);

        assertEquals(metadata, header.metadata());
        assertEquals(2, header.tensors().size());
        TensorEntry qkv = header.tensor("blocks.0.attn.qkv.weight").orElseThrow();
        assertEquals(TensorDtype.F32, qkv.dtype());
        assertEquals(new Shape(2, 2), qkv.shape());
        assertEquals(16, qkv.byteSize());
        assertEquals(28, header.dataBytes());
        assertSameTensors(tensors, SafeTensors.read(file, manager));
    }

    @Test
    void nonContiguousArraysAreWrittenInLogicalOrder() {
        NDArray transposed = manager.arange(6f).reshape(2, 3).transpose();
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("t", transposed), Map.of());

        NDArray back = SafeTensors.read(file, manager).get("t");

        assertEquals(new Shape(3, 2), back.getShape());
        assertEquals(List.of(0f, 3f, 1f, 4f, 2f, 5f), boxed(back.toFloatArray()));
    }

    @Test
    void loadedArraysBelongToTheManagerAndOutliveAnEnclosingScope() {
        Path file = dir.resolve("scope.safetensors");
        SafeTensors.write(file, Map.of("w", manager.ones(new Shape(4))), Map.of());
        NDArray w;
        try (NDManager sub = manager.newSubManager()) {
            try (NDScope scope = new NDScope()) {
                w = SafeTensors.read(file, sub).get("w");
            }
            assertSame(sub, w.getManager());
            assertEquals(4f, w.sum().getFloat()); // would throw "released already" if the scope had closed it
        }
    }

    @Test
    void readsFilesWrittenByDjlsOwnEncoder() throws Exception {
        NDArray a = manager.randomNormal(new Shape(3, 5));
        a.setName("a");
        NDArray b = manager.create(new long[] {1, 2, 3});
        b.setName("b");
        Path file = dir.resolve("djl.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            new NDList(a, b).encode(out, NDList.Encoding.SAFETENSORS);
        }

        Map<String, NDArray> back = SafeTensors.read(file, manager);

        assertSameTensor("a", a, back.get("a"));
        assertSameTensor("b", b, back.get("b"));
    }

    @Test
    void refusesTypesTheFormatCannotHold() {
        NDArray strings = manager.create(new String[] {"x"});
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("s.safetensors"), Map.of("s", strings), Map.of()));
    }

    private static List<Float> boxed(float[] values) {
        List<Float> out = new java.util.ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
