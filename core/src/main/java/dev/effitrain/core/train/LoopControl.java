package dev.effitrain.core.train;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.optim.LrSchedule;
import dev.effitrain.core.optim.Optimizer;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link LoopHook} may do to a running loop. */
public interface LoopControl {

    NDManager manager();

    TrainPlan plan();

    Optimizer optimizer();

    /** Installs a new optimizer (e.g. with state mapped onto grown parameters); the loop closes the old one. */
    void replaceOptimizer(Optimizer next);

    LrSchedule schedule();

    /** Installs a new learning-rate schedule, indexed by the global step like the old one. */
    void replaceSchedule(LrSchedule next);

    /** Writes an event line to metrics.jsonl (e.g. {@code stage}) and shows it on the console. */
    void event(String name, Map<String, Object> fields);

    /**
     * Saves a checkpoint of the run as it is now (e.g. right after a model grew, so that every stage
     * boundary has one) and returns its directory. A checkpoint for the same step is replaced.
     */
    default Path checkpoint() {
        throw new UnsupportedOperationException("this loop cannot save checkpoints on request");
    }
}
