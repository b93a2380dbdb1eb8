package dev.effitrain.core.train;

import java.nio.file.Path;
import java.util.Map;

/** Progress events for the console (progress bar, plain lines or JSON). All methods optional. */
public interface TrainListener {

    default void onStart(String description, long startStep, long totalSteps) {
    }

    /** After every optimizer step (cheap: implementations rate-limit their own output). */
    default void onStep(long step, long totalSteps, double loss, double lr) {
    }

    /** At each log step, with the same fields as the metrics.jsonl line. */
    default void onLog(Map<String, Object> metrics) {
    }

    default void onEval(long step, Map<String, Double> metrics) {
    }

    default void onCheckpoint(long step, Path dir) {
    }

    default void onEnd(Map<String, Object> summary) {
    }

    /** A trainer event such as a stage change (progressive growth). */
    default void onEvent(String name, long step, Map<String, Object> fields) {
    }

    /** A warning the user should see (e.g. skipped non-finite batch). */
    default void onWarning(String message) {
    }

    /**
     * A phase that may take a while (loading data, evaluating, saving a checkpoint) begins; close the
     * returned handle when it ends. A console says what is going on when the phase lasts.
     */
    default Activity activity(String what) {
        return Activity.NONE;
    }

    /** The handle of a slow phase: closing it ends the phase. */
    interface Activity extends AutoCloseable {
        Activity NONE = () -> {
        };

        @Override
        void close();
    }

    TrainListener NONE = new TrainListener() {
    };
}
