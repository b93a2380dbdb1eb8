package dev.effitrain.trainers.progressive;

import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.grow.GrowthMask;
import dev.effitrain.core.train.LoopControl;
import dev.effitrain.core.train.LoopHook;
import dev.effitrain.core.train.TrainPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.effitrain.core.json.StrictJson;

/**
 * Drives the stages from inside the shared training loop: before each step it enters the next
 * stage when the current one is over ({@link StageTransition}), keeps the learning-rate schedule
 * and the MSG mask in step, and tags checkpoints and metrics with the stage.
 */
final class StageHook implements LoopHook {
    static final String STATE_KEY = "progressive";

    private final Recipe recipe;
    private final List<Stage> stages;
    private final GrowingWorkload workload;
    private final TrainPlan plan;
    private final StageTransition transition;
    private int current;
    private boolean started;

    StageHook(Recipe recipe, List<Stage> stages, int current, GrowingWorkload workload, TrainPlan plan,
              StageTransition transition) {
        this.recipe = recipe;
        this.stages = stages;
        this.current = current;
        this.workload = workload;
        this.plan = plan;
        this.transition = transition;
    }

    @Override
    public void beforeStep(long completedSteps, LoopControl control) {
        if (!started) {
            started = true;
            control.replaceSchedule(StageSchedule.of(recipe, stages.get(current), plan));
        }
        while (current + 1 < stages.size() && completedSteps >= stages.get(current).end()) {
            Stage next = stages.get(current + 1);
            Map<String, Object> event = transition.enter(stages.get(current), next, control);
            current = next.index();
            control.replaceSchedule(StageSchedule.of(recipe, next, plan));
            syncMask(completedSteps);
            control.event("stage", event);
            control.checkpoint();
        }
        syncMask(completedSteps);
    }

    /** Masks on during an MSG ramp (at the value for this step), off after it. */
    private void syncMask(long step) {
        Stage stage = stages.get(current);
        StageModel model = workload.model();
        double m = stage.maskAt(step);
        if (m < 0) {
            if (model.masked()) {
                model.unmask();
            }
            return;
        }
        if (!model.masked()) {
            model.mask(GrowthMask.of(stages.get(current - 1).dims(), stage.dims(), stage.grow()));
        }
        model.ramp(m);
    }

    @Override
    public void addCheckpointState(JsonObject state) {
        JsonObject p = new JsonObject();
        p.addProperty("stage", current);
        p.addProperty("stages", stages.size());
        state.add(STATE_KEY, p);
        state.add("model", StrictJson.tree(workload.model().config()));
    }

    @Override
    public Map<String, Object> logFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        StageModel model = workload.model();
        f.put("stage", current);
        f.put("layers", model.dims().layers());
        f.put("d_model", model.dims().dModel());
        f.put("params", model.params().numel());
        if (model.masked()) {
            f.put("mask", model.ramp());
        }
        return f;
    }

    int current() {
        return current;
    }
}
