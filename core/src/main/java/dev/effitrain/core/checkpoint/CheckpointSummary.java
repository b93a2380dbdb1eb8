package dev.effitrain.core.checkpoint;

import com.google.gson.JsonObject;
import java.nio.file.Path;

/** What {@code effitrain inspect} shows: state and both headers, read without loading tensor data. */
public record CheckpointSummary(Path dir, long step, JsonObject state, SafeTensorsHeader model,
                                SafeTensorsHeader optimizer) {
}
