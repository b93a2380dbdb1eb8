package dev.effitrain.core.data;

/**
 * A sequence of token ids with bulk random access. Implementations are safe for concurrent reads
 * (the prefetch thread and the evaluation on the training thread read at the same time).
 */
public interface TokenCorpus {

    /** Number of tokens. */
    long size();

    /** Copies tokens {@code [start, start + length)} into {@code dst[offset ..]}. */
    void read(long start, int[] dst, int offset, int length);

    default void read(long start, int[] dst) {
        read(start, dst, 0, dst.length);
    }

    /** Where the tokens came from, for logs and error messages. */
    String description();
}
