package dev.effitrain.core.data;

import java.util.Objects;

/** Tokens held in memory: the result of tokenizing text once at start-up. */
public final class ArrayTokenCorpus implements TokenCorpus {
    private final int[] tokens;
    private final String description;

    public ArrayTokenCorpus(int[] tokens, String description) {
        this.tokens = Objects.requireNonNull(tokens);
        this.description = description;
    }

    @Override
    public long size() {
        return tokens.length;
    }

    @Override
    public void read(long start, int[] dst, int offset, int length) {
        Objects.checkFromIndexSize(start, length, tokens.length);
        System.arraycopy(tokens, (int) start, dst, offset, length);
    }

    @Override
    public String description() {
        return description;
    }
}
