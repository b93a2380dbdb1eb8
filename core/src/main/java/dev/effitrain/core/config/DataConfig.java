package dev.effitrain.core.config;

/** {@code data:} section. */
public record DataConfig(
        String source,         // synthetic-text | text | tokens | synthetic-image | idx | cifar10 | image-folder
        @RecipePath String path,  // file or directory; the loader makes it absolute
        @RecipePath(keywords = "bytes") String tokenizer, // bytes | path to a HuggingFace tokenizer.json (text sources)
        double valFraction,    // held-out fraction when there is no separate validation split
        int numWorkers,        // background prefetch threads (0 = load on the training thread)
        // synthetic sources
        long syntheticSize,    // number of synthetic samples/tokens to generate
        // image options
        boolean normalize,
        int randomCropPadding, // 0 = no random crop
        boolean hflip
) {
}
