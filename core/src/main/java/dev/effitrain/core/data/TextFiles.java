package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes UTF-8 text files strictly. A file containing a NUL byte is binary (fortunes' {@code .dat}
 * indexes, images): {@link #readIfText} says so and the caller skips it. Any other file must be
 * valid UTF-8: one that is not is an error naming the file and the byte offset, because silently
 * dropping or mangling part of a corpus is worse than stopping.
 */
public final class TextFiles {
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private TextFiles() {
    }

    /**
     * Reads one file as strict UTF-8.
     *
     * @throws EffitrainException exit 3 naming the file when it is unreadable, binary or not UTF-8
     */
    public static String read(Path file) {
        String text = readIfText(file);
        if (text == null) {
            throw EffitrainException.badInput("data.path: " + file + " is a binary file (it contains NUL bytes), not text");
        }
        return text;
    }

    /**
     * Reads one file as strict UTF-8, or returns null when it is binary (contains a NUL byte).
     *
     * @throws EffitrainException exit 3 naming the file when it is unreadable or not UTF-8
     */
    public static String readIfText(Path file) {
        byte[] bytes = readBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        return decodeUtf8(file, bytes);
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);   // UTF-8 never needs more chars than bytes
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw EffitrainException.badInput("data.path: " + file + " is not valid UTF-8 (byte offset "
                    + in.position() + "); convert it (e.g. iconv -f latin1 -t utf-8) or move it out of the data directory");
        }
        return out.flip().toString();
    }

    private static byte[] readBytes(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw EffitrainException.badInput("data.path: " + file
                        + " is over 2 GB; pre-tokenise it to uint16 .bin files and use source: tokens");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw EffitrainException.badInput("data.path: cannot read " + file + ": " + e, e);
        }
    }
}
