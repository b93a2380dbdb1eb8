package dev.effitrain.core.model;

import dev.effitrain.core.config.ModelConfig;

/** The shape of a GPT: everything needed to build it and to count its FLOPs. */
public record GptSpec(int vocabSize, int seqLen, int layers, int dModel, int heads, int mlpHidden,
                      boolean tieEmbeddings, double dropout, boolean stableEmbedding, boolean qkNorm) {

    public GptSpec(int vocabSize, int seqLen, int layers, int dModel, int heads, int mlpHidden,
                   boolean tieEmbeddings, double dropout, boolean stableEmbedding) {
        this(vocabSize, seqLen, layers, dModel, heads, mlpHidden, tieEmbeddings, dropout, stableEmbedding, false);
    }

    public GptSpec(int vocabSize, int seqLen, int layers, int dModel, int heads, int mlpHidden,
                   boolean tieEmbeddings, double dropout) {
        this(vocabSize, seqLen, layers, dModel, heads, mlpHidden, tieEmbeddings, dropout, false);
    }

    public static GptSpec of(ModelConfig m, int vocabSize) {
        return new GptSpec(vocabSize, m.seqLen(), m.layers(), m.dModel(), m.heads(), m.mlpWidth(),
                m.tieEmbeddings(), m.dropout(), "stable".equals(m.embedding()), m.qkNorm());
    }

    /** Parameters in the transformer blocks (what scales with depth and width). */
    public long blockParams() {
        long attn = (long) dModel * 3 * dModel + 3L * dModel + (long) dModel * dModel + dModel;
        long mlp = (long) dModel * mlpHidden + mlpHidden + (long) mlpHidden * dModel + dModel;
        long norms = 4L * dModel + (qkNorm ? 4L * (dModel / heads) : 0);
        return layers * (attn + mlp + norms);
    }

    public long totalParams() {
        long embeddings = (long) vocabSize * dModel + (long) seqLen * dModel;
        long head = tieEmbeddings ? 0 : (long) vocabSize * dModel;
        long stableNorm = stableEmbedding ? 2L * dModel : 0;
        return blockParams() + embeddings + 2L * dModel + head + stableNorm;
    }

    /**
     * Training FLOPs (forward + backward = 3 × forward) per token at context length {@code t}:
     * 6 × (matmul parameters: blocks and LM head) + 12·L·T·d for the attention scores and
     * weighted sum (PaLM appendix B convention; embeddings lookups are free).
     */
    public double trainingFlopsPerToken(int t) {
        double matmulParams = blockParams() + (double) vocabSize * dModel;
        return 6 * matmulParams + 12.0 * layers * t * dModel;
    }
}
