package dev.effitrain.core.grow;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.checkpoint.CheckpointSummary;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.RecordOverride;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked request to grow (or coalesce) a checkpoint into a new size: everything that can be
 * refused is refused here, before any tensor is read or anything written.
 *
 * @param problems what {@link GrowthCheck} found (empty when the transition can be done)
 */
public record ExpansionPlan(CheckpointSummary source, CheckpointModel from, CheckpointModel to, GrowthSpec spec,
                            List<GrowthCheck.Problem> problems) {

    /**
     * @param modelOverride the target sizes as a partial {@code model:} record (e.g. {@code layers: 8}); a
     *                      {@code d_model} without {@code heads} keeps the head size
     * @throws EffitrainException exit 3 for a missing or unreadable checkpoint; exit 2 for an invalid target model
     */
    public static ExpansionPlan of(Path checkpoint, Map<String, ?> modelOverride, GrowthSpec spec) {
        CheckpointSummary summary = CheckpointReader.describe(CheckpointReader.resolve(checkpoint));
        CheckpointModel from = CheckpointModel.read(summary);
        Map<String, Object> override = new HashMap<>(modelOverride);
        // width changes keep the head size, so a new d_model alone implies the number of heads
        if (override.get("d_model") instanceof Number d && !override.containsKey("heads")
                && d.intValue() % from.dims().headDim() == 0) {
            override.put("heads", d.intValue() / from.dims().headDim());
        }
        ModelConfig target = RecordOverride.apply(from.config(), override, "model");
        CheckpointModel to = from.resized(target);
        return new ExpansionPlan(summary, from, to, spec, GrowthCheck.check(from.dims(), to.dims(), spec));
    }

    public Path sourceDir() {
        return source.dir();
    }

    public boolean functionPreserving() {
        return spec.preservesFunction(from.dims(), to.dims()) && (to.vit() == null || to.vit().learnedPos()
                || from.dims().sameWidth(to.dims()));
    }
}
