package dev.effitrain.trainers.progressive;

import dev.effitrain.core.model.TensorCopy;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.grow.Growth;
import dev.effitrain.core.grow.GrowthSpec;
import dev.effitrain.core.grow.Interpolation;
import dev.effitrain.core.grow.StateMapping;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.optim.Optimizer;
import dev.effitrain.core.optim.Optimizers;
import dev.effitrain.core.train.LoopControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one stage's model into the next one's: a fresh model of the new size (seeded by the run's
 * seed and the stage, so a resumed run makes the same one), the growth operators applied to the old
 * weights, the V-cycle anchor saved before a coalesce or blended in after a decoalesce, and the
 * optimizer reset or its state mapped through the same operators.
 */
final class StageTransition {
    /** Makes the optimizer of a stage ({@link Optimizers#create} outside tests). */
    interface OptimizerFactory {
        Optimizer create(OptimizerConfig config, List<Param> params, NDManager manager);
    }

    private final GrowingWorkload workload;
    private final Anchors anchors;
    private final long seed;
    private final OptimizerFactory optimizers;

    StageTransition(GrowingWorkload workload, Anchors anchors, long seed) {
        this(workload, anchors, seed, Optimizers::create);
    }

    StageTransition(GrowingWorkload workload, Anchors anchors, long seed, OptimizerFactory optimizers) {
        this.workload = workload;
        this.anchors = anchors;
        this.seed = seed;
        this.optimizers = optimizers;
    }

    /** Installs {@code to}'s model and optimizer in the loop; returns the stage event's fields. */
    Map<String, Object> enter(Stage from, Stage to, LoopControl control) {
        NDManager manager = control.manager();
        StageModel old = workload.model();
        Map<String, NDArray> oldParams = old.params().arrays();
        if (to.shrinks()) {
            anchors.save(to.index(), oldParams, control.optimizer().stateTensors());
        }
        Engine.getInstance().setRandomSeed(seedFor(to.index()));
        StageModel next = workload.newModel(to.model());
        Optimizer optimizer = optimizers.create(to.optimizer(), next.params().all(), manager);
        Map<String, Object> event = describe(from, to, next);
        try (NDScope scope = new NDScope();
             Anchors.Loaded anchor = to.interpolate() == null ? null : anchors.load(to.anchorStage(), manager)) {
            Map<String, NDArray> grown = Growth.weights(oldParams, from.dims(), to.dims(), to.grow(), next.params().arrays());
            if (anchor != null) {
                grown = Interpolation.blend(anchor.model(), grown, to.interpolate());
            }
            for (Param p : next.params().all()) {
                TensorCopy.into(grown.get(p.name()), p.array());
            }
            if (to.optimizerState() == StageConfig.OptimizerState.MAP) {
                optimizer = mapState(from, to, control.optimizer(), oldParams, next, anchor, optimizer, manager, event);
            } else {
                event.put("optimizer_state", "reset");
            }
        } catch (RuntimeException e) {
            optimizer.close();
            next.close();
            throw e;
        }
        workload.install(next);
        control.replaceOptimizer(optimizer);
        return event;
    }

    private Optimizer mapState(Stage from, Stage to, Optimizer oldOptimizer, Map<String, NDArray> oldParams,
                               StageModel next, Anchors.Loaded anchor, Optimizer fresh, NDManager manager,
                               Map<String, Object> event) {
        StateMapping mapping = StateMapping.map(oldOptimizer.stateTensors(), oldParams, from.dims(), to.dims(), to.grow(),
                next.params().arrays()).fittedTo(fresh.stateTensors(), next.params().arrays());
        Map<String, NDArray> state = anchor == null ? mapping.mapped()
                : Interpolation.blend(anchor.optimizer(), mapping.mapped(), to.interpolate());
        try {
            fresh.loadState(state, next.params().all());
            event.put("optimizer_state", "map");
            if (!mapping.reset().isEmpty()) {
                event.put("optimizer_state_reset", mapping.reset());
            }
            return fresh;
        } catch (RuntimeException e) {
            // e.g. quantized state the optimizer will not take partially: start it afresh, and say so
            fresh.close();
            event.put("optimizer_state", "reset");
            event.put("optimizer_state_note", "could not map the optimizer state (" + e.getMessage() + "); reset instead");
            return optimizers.create(to.optimizer(), next.params().all(), manager);
        }
    }

    private Map<String, Object> describe(Stage from, Stage to, StageModel next) {
        Map<String, Object> e = new LinkedHashMap<>();
        GrowthSpec g = to.grow();
        e.put("stage", to.index());
        e.put("from", from.dims().describe());
        e.put("to", to.dims().describe());
        e.put("layers", to.dims().layers());
        e.put("d_model", to.dims().dModel());
        e.put("params", next.params().numel());
        if (from.dims().layers() != to.dims().layers()) {
            e.put("depth", g.depth().label());
        }
        if (!from.dims().sameWidth(to.dims())) {
            e.put("width", g.width().label());
        }
        if (g.noise() > 0) {
            e.put("noise", g.noise());
        }
        if (to.maskSteps() > 0) {
            e.put("mask_steps", to.maskSteps());
        }
        if (to.interpolate() != null) {
            e.put("interpolate", to.interpolate());
        }
        boolean preserved = g.preservesFunction(from.dims(), to.dims()) && (to.interpolate() == null || to.interpolate() == 0);
        e.put("function_preserving", preserved);
        e.put("lr", to.schedule() != null ? "stage schedule" : to.warmupSteps() > 0 ? "rewarm" : "continue");
        e.put("until_step", to.end());
        return e;
    }

    private int seedFor(int stage) {
        return (int) (seed * 1_000_033L + 7919L * stage + 17);
    }
}
