package dev.effitrain.core.train;

import com.google.gson.JsonObject;

/**
 * Lets a trainer change the run between steps without owning a loop of its own: grow or shrink
 * the model (progressive training), swap the optimizer or the schedule, record stage events.
 * The loop re-reads {@code workload.params()} after every hook call.
 */
public interface LoopHook {

    /** Before the optimizer step that follows {@code completedSteps} steps. */
    default void beforeStep(long completedSteps, LoopControl control) {
    }

    /** Adds trainer fields (e.g. the stage) to a checkpoint's state.json. */
    default void addCheckpointState(JsonObject state) {
    }

    LoopHook NONE = new LoopHook() {
    };
}
