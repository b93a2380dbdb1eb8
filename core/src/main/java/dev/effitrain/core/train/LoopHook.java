package dev.effitrain.core.train;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Lets a trainer change the run between steps without owning a loop of its own: grow or shrink
 * the model (progressive training), swap the optimizer or the schedule, record stage events.
 * The loop re-reads {@code workload.params()} after every hook call.
 */
public interface LoopHook {

    /** Before the optimizer step that follows {@code completedSteps} steps. */
    default void beforeStep(long completedSteps, LoopControl control) {
    }

    /**
     * Adds trainer fields (e.g. the stage) to a checkpoint's state.json. A {@code model} field set
     * here replaces the recipe's (for a model that changed size during the run).
     */
    default void addCheckpointState(JsonObject state) {
    }

    /** Extra fields for every training line of metrics.jsonl (e.g. the stage and model size). */
    default Map<String, Object> logFields() {
        return Map.of();
    }

    LoopHook NONE = new LoopHook() {
    };
}
