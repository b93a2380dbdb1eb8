package dev.effitrain.core.data.image;

import dev.effitrain.core.EffitrainException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Whole-file reads with gzip detection and one-line, file-naming errors (exit 3). */
final class DataFiles {
    private DataFiles() {
    }

    /** The file's bytes, gunzipped when it starts with the gzip magic (whatever its name). */
    static byte[] readBytes(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw EffitrainException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw EffitrainException.badInput(file + ": truncated gzip stream", e);
        } catch (ZipException e) {
            throw EffitrainException.badInput(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot decompress (" + e.getMessage() + ")", e);
        }
    }

    /** Big-endian int at {@code offset}. */
    static int int32(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16) | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }
}
