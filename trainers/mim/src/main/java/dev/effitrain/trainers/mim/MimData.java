package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.ImageData;

/** The recipe's image data at the model's size and channel count. */
final class MimData {
    private MimData() {
    }

    static ImageData open(Recipe recipe) {
        return ImageData.open(recipe.data(), recipe.model().imageSize(), recipe.model().channels(), recipe.seed(),
                recipe.baseDir());
    }

    static String describe(String source, ImageData data) {
        String eval = data.eval() == null ? "no evaluation split"
                : String.format("%,d %s", data.eval().size(), data.evalSplit());
        return String.format("%s: %,d train and %s images of %dx%dx%d, %d classes", source, data.train().size(), eval,
                data.channels(), data.imageSize(), data.imageSize(), data.numClasses());
    }
}
