package dev.effitrain.core.train;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.optim.LrSchedule;
import dev.effitrain.core.optim.Optimizer;
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
}
