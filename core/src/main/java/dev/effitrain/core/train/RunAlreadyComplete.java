package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;

/**
 * Thrown, before anything is written, when {@code --resume} finds the run's newest checkpoint at or
 * past the end of its plan: nothing is left to train, and the finished run is left exactly as it is.
 * Not an error (exit 0).
 */
public final class RunAlreadyComplete extends EffitrainException {

    public RunAlreadyComplete(String name, long step, long totalSteps) {
        super(ExitCode.OK, "run " + name + " is already complete (step " + step + " of " + totalSteps
                + "); nothing was changed. To train longer, raise train.duration");
    }
}
