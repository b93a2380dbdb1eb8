package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor as a safetensors header describes it. {@code begin} and {@code end} are byte offsets
 * into the data section, which starts right after the header.
 */
public record TensorEntry(String name, TensorDtype dtype, Shape shape, long begin, long end) {

    public long byteSize() {
        return end - begin;
    }

    public long numel() {
        return shape.size();
    }
}
