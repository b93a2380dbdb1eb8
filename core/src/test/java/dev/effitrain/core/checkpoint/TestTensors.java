package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;

/** Builds arrays from raw bytes and compares arrays byte for byte. */
final class TestTensors {

    private TestTensors() {
    }

    /** An array of {@code type} whose bytes are random (0/1 for booleans). */
    static NDArray random(NDManager manager, DataType type, Shape shape, long seed) {
        int bytes = Math.toIntExact(shape.size() * type.getNumOfBytes());
        byte[] data = new byte[bytes];
        Random random = new Random(seed);
        random.nextBytes(data);
        if (type == DataType.BOOLEAN) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (data[i] & 1);
            }
        }
        return fromBytes(manager, type, shape, data);
    }

    static NDArray fromBytes(NDManager manager, DataType type, Shape shape, byte[] data) {
        ByteBuffer buf = manager.allocateDirect(data.length);
        buf.put(data).flip();
        return manager.create(buf, shape, type);
    }

    static byte[] bytes(NDArray array) {
        ByteBuffer buf = array.toByteBuffer();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    static void assertSameTensor(String name, NDArray expected, NDArray actual) {
        assertEquals(expected.getDataType(), actual.getDataType(), name + " dtype");
        assertEquals(expected.getShape(), actual.getShape(), name + " shape");
        assertArrayEquals(bytes(expected), bytes(actual), name + " bytes");
    }

    static void assertSameTensors(Map<String, NDArray> expected, Map<String, NDArray> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertSameTensor(k, v, actual.get(k)));
    }
}
