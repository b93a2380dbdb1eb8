package dev.effitrain.core.metrics.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordTest {
    @TempDir
    Path dir;

    @Test
    void maskedCrcIsTensorFlowsMaskOfCrc32c() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        int crc = 0xE3069283;   // the CRC-32C check value (RFC 3720)
        assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8, TfRecord.maskedCrc32c(check, 0, check.length));
    }

    @Test
    void recordsFrameTheirDataAndReadBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TfRecord.write(out, new byte[] {1, 2, 3});
        TfRecord.write(out, new byte[0]);
        byte[] bytes = out.toByteArray();
        assertEquals(16 + 3 + 16, bytes.length);
        assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOf(bytes, 8));
        Path f = dir.resolve("r");
        Files.write(f, bytes);
        List<byte[]> back = EventFiles.records(f);
        assertArrayEquals(new byte[] {1, 2, 3}, back.get(0));
        assertEquals(0, back.get(1).length);
    }

    @Test
    void aFlippedBitFailsTheCrc() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TfRecord.write(out, new byte[] {1, 2, 3});
        byte[] bytes = out.toByteArray();
        bytes[13] ^= 1;
        Path f = dir.resolve("r");
        Files.write(f, bytes);
        assertThrows(java.io.IOException.class, () -> EventFiles.records(f));
    }
}
