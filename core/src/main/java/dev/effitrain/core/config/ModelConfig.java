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
        String posEmbed        // learned | sincos
) {
    public int mlpWidth() {
        return mlpHidden > 0 ? mlpHidden : mlpRatio * dModel;
    }

    public int headDim() {
        return dModel / heads;
    }
}
