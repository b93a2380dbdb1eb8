package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and foreign files: every failure is exit 3 with "<file>: <reason>", never another exception. */
class SafeTensorsCorruptionTest {

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
    void truncatedAtEveryByteIsRejectedWithTheFileName() throws Exception {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("a", manager.ones(new Shape(3)), "b", manager.create(new long[] {7})),
                Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(good);
        long n = headerLength(bytes);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            String expected = length < 8 ? "too short" : length < 8 + n ? "runs past the end" : "file is truncated";
            assertBadInput(cut, expected, () -> SafeTensors.readHeader(cut));
            assertBadInput(cut, expected, () -> SafeTensors.read(cut, manager));
        }
    }

    @Test
    void garbageHeadersAreRejected() throws Exception {
        assertRejected(file("hello, world!!!!".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                "header is not valid JSON (");
        assertRejected(file(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}', ' ', ' ', ' ', ' '}, new byte[0]),
                "not valid UTF-8");
        assertRejected(file("[1, 2]  ", ""), "not a JSON object");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} xx", "abcd"),
                "not valid JSON");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}", "abcd"),
                "not valid JSON");
    }

    @Test
    void jsonErrorsSayWhere() throws Exception {
        Path f = file("{\"a\":{\"dtype\":F32}}", "");
        EffitrainException e = assertThrows(EffitrainException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("line 1 column"), e.getMessage());
        assertTrue(!e.getMessage().contains("Troubleshooting") && !e.getMessage().contains("LENIENT"), e.getMessage());
    }

    @Test
    void wrongLengthPrefixesAreRejected() throws Exception {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("a", manager.ones(new Shape(4))), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        long n = headerLength(bytes);
        assertRejected(withLength(bytes, n + 1000), "runs past the end");
        assertRejected(withLength(bytes, 100_000_001L), "exceeds the 100 MB limit");
        assertRejected(withLength(bytes, -1L), "header length 18446744073709551615 exceeds");
        assertRejected(withLength(bytes, n - 8), "not valid JSON");
        assertRejected(withLength(bytes, n + 8), "header is not valid"); // swallows data bytes into the header
    }

    @Test
    void bf16IsDescribedButNotLoaded() throws Exception {
        Path f = file("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", "\0\0\0\0");
        assertEquals(TensorDtype.BF16, SafeTensors.readHeader(f).tensors().get(0).dtype());
        assertBadInput(f, "tensor 'w': dtype BF16 is not supported", () -> SafeTensors.read(f, manager));
        Path u16 = file("{\"w\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[0,4]}}", "\0\0\0\0");
        assertBadInput(u16, "dtype U16 is not supported", () -> SafeTensors.read(u16, manager));
    }

    @Test
    void inconsistentTensorInfoIsRejected() throws Exception {
        String b4 = "abcd";
        assertRejected(file("{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,4]}}", b4),
                "tensor 'w' has unknown dtype 'Q4'");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", b4),
                "needs 8 bytes but data_offsets [0, 4] span 4");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", b4 + b4),
                "not contiguous (expected it to start at 0)");
        assertRejected(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", b4 + b4), "not contiguous");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", b4 + "xy"),
                "2 unexpected bytes after the last tensor");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[-4],\"data_offsets\":[0,4]}}", b4),
                "shape must be a list of non-negative integers, found -4");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4.0],\"data_offsets\":[0,4]}}", b4),
                "found 4.0");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4]}}", b4), "tensor 'w' has no data_offsets");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4,4]}}", b4),
                "data_offsets must be [begin, end]");
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", b4), "names 'w' twice");
        assertRejected(file("{\"__metadata__\":{\"step\":5}}", ""), "value for 'step' is NUMBER");
        assertRejected(file("{\"__metadata__\":[\"x\"]}", ""), "__metadata__ must be a JSON object of strings");
        assertEquals(Map.of(), SafeTensors.readHeader(file("{\"__metadata__\":null}", "")).metadata());
        assertRejected(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,4294967296],"
                + "\"data_offsets\":[0,4]}}", b4), "is too large");
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        Path missing = dir.resolve("nope.safetensors");
        assertBadInput(missing, "no such file", () -> SafeTensors.readHeader(missing));
        assertBadInput(dir, "is a directory", () -> SafeTensors.read(dir, manager));
    }

    @Test
    void randomlyDamagedHeadersNeverEscapeAsOtherExceptions() throws Exception {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("blocks.0.w", manager.ones(new Shape(2, 2)),
                "step", manager.create(3L)), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(good);
        int headerEnd = (int) (8 + headerLength(bytes));
        Random random = new Random(42);
        Path damaged = dir.resolve("damaged.safetensors");
        for (int i = 0; i < 300; i++) {
            byte[] copy = bytes.clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                copy[random.nextInt(headerEnd)] = (byte) random.nextInt(256);
            }
            Files.write(damaged, copy);
            try {
                SafeTensors.read(damaged, manager).values().forEach(NDArray::close);
            } catch (EffitrainException e) {
                assertEquals(ExitCode.BAD_INPUT, e.exitCode());
                assertTrue(e.getMessage().startsWith(damaged + ": "), e.getMessage());
            }
        }
    }

    private void assertRejected(Path file, String reason) {
        assertBadInput(file, reason, () -> SafeTensors.readHeader(file));
        assertBadInput(file, reason, () -> SafeTensors.read(file, manager));
    }

    private static void assertBadInput(Path file, String reason, Executable action) {
        EffitrainException e = assertThrows(EffitrainException.class, action);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }

    private Path file(String header, String data) throws Exception {
        return file(header.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Path file(byte[] header, byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(data);
        Path f = Files.createTempFile(dir, "crafted", ".safetensors");
        Files.write(f, out.toByteArray());
        return f;
    }

    private Path withLength(byte[] bytes, long n) throws Exception {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        Path f = Files.createTempFile(dir, "prefix", ".safetensors");
        Files.write(f, copy);
        return f;
    }

    private static long headerLength(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
