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

    TrainListener NONE = new TrainListener() {
    };
}
