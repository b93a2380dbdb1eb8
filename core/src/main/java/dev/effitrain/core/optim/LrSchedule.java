package dev.effitrain.core.optim;

/** Learning rate per optimizer step. */
@FunctionalInterface
public interface LrSchedule {

    /** The learning rate used for step {@code step} (0-based). */
    double lr(long step);
}
