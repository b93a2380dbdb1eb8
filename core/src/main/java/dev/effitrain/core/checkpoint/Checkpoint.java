package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/**
 * A loaded checkpoint. The arrays live on the manager given to {@link CheckpointReader#load} and
 * outside any {@code NDScope}; {@link #close()} frees them (after their values were copied into
 * the model and optimizer).
 *
 * @param state the whole {@code state.json}, including {@code step} and {@code files}
 */
public record Checkpoint(Map<String, NDArray> model, Map<String, NDArray> optimizer, JsonObject state, Path dir)
        implements AutoCloseable {

    public long step() {
        return state.get(CheckpointState.STEP).getAsLong();
    }

    @Override
    public void close() {
        model.values().forEach(NDArray::close);
        optimizer.values().forEach(NDArray::close);
    }
}
