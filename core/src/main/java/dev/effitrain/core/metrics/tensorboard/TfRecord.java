package dev.effitrain.core.metrics.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: for each record, its length (uint64
 * little-endian), the masked CRC-32C of those 8 bytes (uint32 LE), the data, and the masked CRC-32C
 * of the data (uint32 LE).
 */
public final class TfRecord {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {
    }

    /** Writes one record around {@code data}. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(littleEndian(maskedCrc32c(length, 0, length.length)));
        out.write(data);
        out.write(littleEndian(maskedCrc32c(data, 0, data.length)));
    }

    /** CRC-32C rotated right by 15 bits plus a constant, as TensorFlow stores it (a CRC of data holding CRCs is weak). */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return Integer.rotateRight(c, 15) + MASK_DELTA;
    }

    private static byte[] littleEndian(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
