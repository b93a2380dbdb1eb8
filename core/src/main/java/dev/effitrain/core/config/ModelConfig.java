package dev.effitrain.core.config;

/**
 * {@code model:} section. One record for every architecture; fields that do not apply to the
 * chosen {@code arch} are ignored (and validation says so if a user sets them).
 */
public record ModelConfig(
        String arch,           // gpt | vit
        int layers,
        int dModel,
        int heads,
        int mlpRatio,          // MLP hidden = mlp_ratio * d_model (when mlp_hidden is 0)
        int mlpHidden,         // explicit MLP width, 0 = mlp_ratio * d_model
        double dropout,
        // GPT
        int seqLen,
        int vocabSize,         // 0 = from the tokenizer
        boolean tieEmbeddings,
        String embedding,      // standard | stable
        // ViT
        int imageSize,
        int patchSize,
        int channels,          // 0 = from the data set
        int numClasses,        // 0 = from the data set
        String pool,           // cls | mean
        String posEmbed,       // learned | sincos
        boolean qkNorm         // LayerNorm on each head's queries and keys before their dot product
) {
    /** Without {@code qk_norm} (off). */
    public ModelConfig(String arch, int layers, int dModel, int heads, int mlpRatio, int mlpHidden, double dropout,
                       int seqLen, int vocabSize, boolean tieEmbeddings, String embedding, int imageSize, int patchSize,
                       int channels, int numClasses, String pool, String posEmbed) {
        this(arch, layers, dModel, heads, mlpRatio, mlpHidden, dropout, seqLen, vocabSize, tieEmbeddings, embedding,
                imageSize, patchSize, channels, numClasses, pool, posEmbed, false);
    }

    public int mlpWidth() {
        return mlpHidden > 0 ? mlpHidden : mlpRatio * dModel;
    }

    public int headDim() {
        return dModel / heads;
    }
}
