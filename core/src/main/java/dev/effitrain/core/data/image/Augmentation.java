package dev.effitrain.core.data.image;

import dev.effitrain.core.config.DataConfig;

/**
 * Training-time augmentation: a random crop of the image zero-padded by {@code cropPadding} on
 * every side (so the output keeps the input size, as torchvision's RandomCrop(size, padding)), then
 * a horizontal flip with probability ½. Each sample's choices come from (seed, epoch, position in
 * the epoch), never from shared RNG state.
 */
public record Augmentation(int cropPadding, boolean hflip) {
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (cropPadding < 0) {
            throw new IllegalArgumentException("crop padding must be >= 0, got " + cropPadding);
        }
    }

    public static Augmentation from(DataConfig cfg) {
        return new Augmentation(cfg.randomCropPadding(), cfg.hflip());
    }

    public boolean enabled() {
        return cropPadding > 0 || hflip;
    }
}
