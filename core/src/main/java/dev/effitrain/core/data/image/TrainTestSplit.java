package dev.effitrain.core.data.image;

/**
 * What a source reader returns: the training images and, where the source ships one (IDX t10k,
 * CIFAR test_batch, an image folder's test/ or val/), its held-out split; otherwise {@code test} is
 * null and {@link ImageData} holds out a seeded fraction of {@code train}.
 */
public record TrainTestSplit(ImageDataset train, ImageDataset test) {
}
