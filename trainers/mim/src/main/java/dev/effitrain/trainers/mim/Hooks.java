package dev.effitrain.trainers.mim;

import com.google.gson.JsonObject;
import dev.effitrain.core.train.LoopControl;
import dev.effitrain.core.train.LoopHook;
import java.util.List;

/** Several loop hooks run in order as one. */
final class Hooks implements LoopHook {
    private final List<LoopHook> hooks;

    private Hooks(List<LoopHook> hooks) {
        this.hooks = hooks;
    }

    static LoopHook all(LoopHook... hooks) {
        return new Hooks(List.of(hooks));
    }

    @Override
    public void beforeStep(long completedSteps, LoopControl control) {
        hooks.forEach(h -> h.beforeStep(completedSteps, control));
    }

    @Override
    public void addCheckpointState(JsonObject state) {
        hooks.forEach(h -> h.addCheckpointState(state));
    }
}
