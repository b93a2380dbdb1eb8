package dev.effitrain.trainers.mim;

import com.google.gson.JsonObject;
import dev.effitrain.core.train.LoopControl;
import dev.effitrain.core.train.LoopHook;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progressive MAE (DailyMAE): before each step, puts the workload in the stage that step belongs to
 * (image size and mask ratio), and records a {@code stage} event whenever a stage begins. The stage
 * is a function of the step, so a resumed run picks up the right one by itself.
 */
final class StageHook implements LoopHook {
    private final MaeWorkload workload;
    private final MaeConfig mae;
    private final int imageSize;
    private final int patchSize;
    private StagePlan plan;
    private StagePlan.Stage announced;

    StageHook(MaeWorkload workload, MaeConfig mae, int imageSize, int patchSize) {
        this.workload = workload;
        this.mae = mae;
        this.imageSize = imageSize;
        this.patchSize = patchSize;
    }

    @Override
    public void beforeStep(long completedSteps, LoopControl control) {
        if (plan == null) {
            plan = StagePlan.resolve(mae, imageSize, control.plan().stepContext());
        }
        StagePlan.Stage s = plan.at(completedSteps);
        workload.beforeStep(completedSteps, s);
        if (!mae.stages().isEmpty() && !s.equals(announced)) {
            announced = s;
            int grid = s.imageSize() / patchSize;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("stage", s.index());
            fields.put("image_size", s.imageSize());
            fields.put("mask_ratio", s.maskRatio());
            fields.put("patches", grid * grid);
            fields.put("visible_patches", workload.visiblePatches());
            fields.put("until_step", s.end() == Long.MAX_VALUE ? control.plan().totalSteps() : s.end());
            control.event("stage", fields);
        }
    }

    @Override
    public void addCheckpointState(JsonObject state) {
        if (announced != null) {
            state.addProperty("stage", announced.index());
        }
    }
}
