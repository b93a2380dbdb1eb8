package dev.effitrain.core.data;

/** Turns text into token ids and back. Ids are in {@code [0, vocabSize())}. */
public interface Tokenizer extends AutoCloseable {

    int[] encode(String text);

    /**
     * Decodes ids in {@code [0, vocabSize())}. A sequence that is not whole text (a multi-byte
     * character cut by a window boundary) decodes with replacement characters instead of failing.
     */
    String decode(int[] ids);

    int vocabSize();

    /** A short human-readable name for logs: {@code bytes} or the tokenizer file. */
    String name();

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }
}
