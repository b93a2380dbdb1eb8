package dev.effitrain.core.data;

import java.nio.charset.StandardCharsets;

/** Byte-level tokenizer: a token is one byte of the UTF-8 encoding, so any text fits in 256 ids. */
public final class ByteTokenizer implements Tokenizer {
    public static final String NAME = "bytes";
    private static final int VOCAB = 256;

    @Override
    public int[] encode(String text) {
        return fromBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static int[] fromBytes(byte[] bytes) {
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= VOCAB) {
                throw new IllegalArgumentException("byte token id out of range [0, 256): " + ids[i]);
            }
            bytes[i] = (byte) ids[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return VOCAB;
    }

    @Override
    public String name() {
        return NAME;
    }
}
