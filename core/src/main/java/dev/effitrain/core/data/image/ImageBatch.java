package dev.effitrain.core.data.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One batch on the Java heap: B×C×H×W normalised floats in a single array, the labels, and which
 * dataset images they are. Built on loader threads; turned into NDArrays on the caller's thread
 * with one copy per tensor.
 */
public final class ImageBatch {
    private final float[] images;
    private final int[] labels;
    private final int[] indices;
    private final int channels;
    private final int height;
    private final int width;

    ImageBatch(float[] images, int[] labels, int[] indices, int channels, int height, int width) {
        this.images = images;
        this.labels = labels;
        this.indices = indices;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return labels.length;
    }

    /** (B, C, H, W). */
    public Shape shape() {
        return new Shape(labels.length, channels, height, width);
    }

    /** The pixel data, B×C×H×W row-major (shared, not copied). */
    public float[] images() {
        return images;
    }

    /** Class labels (shared, not copied). */
    public int[] labels() {
        return labels;
    }

    /** Dataset index of each sample (shared, not copied). */
    public int[] indices() {
        return indices;
    }

    /** float32 (B, C, H, W), attached to {@code manager}. */
    public NDArray imagesArray(NDManager manager) {
        return manager.create(images, shape());
    }

    /** int32 (B), attached to {@code manager}. */
    public NDArray labelsArray(NDManager manager) {
        return manager.create(labels);
    }

    /** [images float32 (B, C, H, W), labels int32 (B)]. */
    public NDList toNDList(NDManager manager) {
        return new NDList(imagesArray(manager), labelsArray(manager));
    }
}
