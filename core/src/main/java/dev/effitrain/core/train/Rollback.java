package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.optim.Optimizer;
import java.nio.file.Path;

/**
 * {@code train.on_nonfinite: rollback}: after a non-finite loss or gradient, the model and optimizer
 * go back to the run's last checkpoint, the step counters with them, and the learning rate is
 * multiplied by {@code train.rollback_lr_factor}. The data stream is NOT rewound: the batches
 * between the checkpoint and the failure, the bad one included, are dropped (as large-model
 * practice does after a loss spike), and the next checkpoint records the new data position, so a
 * resume after a rollback is still exact. After {@link #MAX_ROLLBACKS} rollbacks the loop gives up
 * (exit 4).
 */
final class Rollback {
    static final int MAX_ROLLBACKS = 3;

    private Rollback() {
    }

    /** Restores weights, optimizer state and counters from {@code checkpoint}; counts the rollback and lowers the LR. */
    static void to(Path checkpoint, Workload workload, Optimizer optimizer, TrainLoop.RunState state, double lrFactor) {
        try (Checkpoint c = CheckpointReader.load(checkpoint, workload.params().manager())) {
            Resume.copyWeights(c.model(), workload.params().all(), checkpoint.resolve(CheckpointLayout.MODEL_FILE), true);
            optimizer.loadState(c.optimizer(), workload.params().all());
            Resume.restoreCounters(c.state(), state, checkpoint.resolve(CheckpointLayout.STATE_FILE));
        } catch (EffitrainException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EffitrainException.badInput(checkpoint.resolve(CheckpointLayout.STATE_FILE)
                    + ": cannot roll back to this checkpoint (" + e.getMessage() + ")", e);
        }
        state.rollbacks++;
        state.lrScale *= lrFactor;
    }
}
