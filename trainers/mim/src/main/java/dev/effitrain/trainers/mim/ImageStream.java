package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.DataConfig;
import dev.effitrain.core.data.image.Augmentation;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.data.image.TrainBatches;
import java.util.HashMap;
import java.util.Map;

/**
 * Training batches whose image size may change between steps (progressive resolution). Each size
 * has its own resized copy of the data set; the shuffled order depends only on (seed, epoch), so a
 * loader rebuilt for a new size continues at the same position with the same images.
 */
final class ImageStream implements AutoCloseable {
    private final ImageData data;
    private final DataConfig cfg;
    private final int batchSize;
    private final long seed;
    private final Normalization norm;
    private final Map<Integer, ImageDataset> trainBySize = new HashMap<>();
    private final Map<Integer, ImageDataset> evalBySize = new HashMap<>();
    private int imageSize;
    private LoaderPosition position = LoaderPosition.start();
    private TrainBatches batches;

    ImageStream(ImageData data, DataConfig cfg, int batchSize, long seed, Normalization norm, int imageSize) {
        this.data = data;
        this.cfg = cfg;
        this.batchSize = batchSize;
        this.seed = seed;
        this.norm = norm;
        this.imageSize = imageSize;
    }

    ImageBatch next() {
        if (batches == null) {
            ImageDataset train = trainBySize.computeIfAbsent(imageSize, data.train()::resized);
            batches = new TrainBatches(train, batchSize, seed, norm, Augmentation.from(cfg), cfg.numWorkers(), position);
        }
        ImageBatch b = batches.next();
        position = batches.position();
        return b;
    }

    /** Switches the image size from the next batch on, keeping the position. */
    void resize(int size) {
        if (size != imageSize) {
            imageSize = size;
            dropLoader();
        }
    }

    LoaderPosition position() {
        return position;
    }

    void restore(LoaderPosition p) {
        position = p;
        dropLoader();
    }

    Normalization normalization() {
        return norm;
    }

    /** The evaluation split at the current image size, or null when there is none. */
    ImageDataset eval() {
        return data.eval() == null ? null : evalBySize.computeIfAbsent(imageSize, data.eval()::resized);
    }

    private void dropLoader() {
        if (batches != null) {
            batches.close();
            batches = null;
        }
    }

    @Override
    public void close() {
        dropLoader();
    }
}
