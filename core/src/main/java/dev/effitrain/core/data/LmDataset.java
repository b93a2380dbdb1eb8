package dev.effitrain.core.data;

/**
 * Language-model windows over a range of a corpus. Window {@code i} is the {@code seqLen + 1} tokens
 * starting at {@code start + i * seqLen}: its first {@code seqLen} tokens are the input and the last
 * {@code seqLen} the target. Windows step by {@code seqLen}, so each token of the range (but the
 * first, and a tail shorter than a window) is a target exactly once per pass, and no window reads
 * outside the range, which is what keeps the train and validation splits apart.
 */
public final class LmDataset {
    private final TokenCorpus corpus;
    private final long start;
    private final long end;
    private final int seqLen;
    private final long windows;

    /** Windows within tokens {@code [start, end)} of {@code corpus}. */
    public LmDataset(TokenCorpus corpus, long start, long end, int seqLen) {
        if (seqLen < 1 || start < 0 || end < start || end > corpus.size()) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ") of " + corpus.size()
                    + " tokens with seq_len " + seqLen);
        }
        this.corpus = corpus;
        this.start = start;
        this.end = end;
        this.seqLen = seqLen;
        this.windows = end - start > seqLen ? (end - start - 1) / seqLen : 0;
    }

    public long numWindows() {
        return windows;
    }

    public int seqLen() {
        return seqLen;
    }

    /** First token of the range in the corpus. */
    public long start() {
        return start;
    }

    /** One past the last token of the range. */
    public long end() {
        return end;
    }

    public long tokens() {
        return end - start;
    }

    public TokenCorpus corpus() {
        return corpus;
    }

    /** A batch of the given windows, in the given order. */
    public LmBatch batch(int[] windowIndices) {
        int b = windowIndices.length;
        int[] x = new int[b * seqLen];
        int[] y = new int[b * seqLen];
        int[] window = new int[seqLen + 1];
        for (int i = 0; i < b; i++) {
            readWindow(windowIndices[i], window);
            System.arraycopy(window, 0, x, i * seqLen, seqLen);
            System.arraycopy(window, 1, y, i * seqLen, seqLen);
        }
        return new LmBatch(x, y, b, seqLen);
    }

    /**
     * Batch {@code k} of a fixed, sequential pass (evaluation): windows {@code k*batchSize} onwards;
     * the last batch holds the remainder and may be smaller.
     */
    public LmBatch sequentialBatch(long k, int batchSize) {
        long first = k * batchSize;
        if (k < 0 || first >= windows) {
            throw new IndexOutOfBoundsException("batch " + k + " of " + sequentialBatches(batchSize));
        }
        int[] idx = new int[(int) Math.min(batchSize, windows - first)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = Math.toIntExact(first + i);
        }
        return batch(idx);
    }

    /** Number of batches in a sequential pass, counting a smaller last one. */
    public long sequentialBatches(int batchSize) {
        return (windows + batchSize - 1) / batchSize;
    }

    private void readWindow(long i, int[] dst) {
        if (i < 0 || i >= windows) {
            throw new IndexOutOfBoundsException("window " + i + " of " + windows);
        }
        corpus.read(start + i * seqLen, dst);
    }
}
