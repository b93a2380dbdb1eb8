package dev.effitrain.core.train;

import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.model.ParamStore;
import java.nio.file.Path;

/** Loads a checkpoint's model tensors into a model's parameters (evaluation, init_from, expand). */
public final class Weights {
    private Weights() {
    }

    /**
     * @param checkpoint a checkpoint or run directory (then its newest complete checkpoint)
     * @param strict     every parameter must be present with its shape; otherwise copy what matches
     * @return how many parameters were copied
     */
    public static int load(Path checkpoint, ParamStore params, boolean strict) {
        Path dir = CheckpointReader.resolve(checkpoint);
        try (Checkpoint c = CheckpointReader.load(dir, params.manager())) {
            return Resume.copyWeights(c.model(), params.all(), dir.resolve("model.safetensors"), strict);
        }
    }
}
