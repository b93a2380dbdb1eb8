package dev.effitrain.trainers.mim;

import dev.effitrain.core.model.TensorCopy;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a pretrained encoder from a checkpoint (a MAE run, or any ViT with the same names). */
final class EncoderWeights {
    private EncoderWeights() {
    }

    /**
     * Copies every parameter of {@code encoder} from the checkpoint at {@code from} (a checkpoint or run
     * directory); other tensors in the checkpoint (a decoder, a head) are ignored.
     *
     * @return the checkpoint directory read
     * @throws EffitrainException exit 3 when a parameter is missing or has another shape
     */
    static Path load(Path from, ParamStore encoder, NDManager manager) {
        Path dir = CheckpointReader.resolve(from);
        try (Checkpoint c = CheckpointReader.load(dir, manager)) {
            List<String> problems = new ArrayList<>();
            for (Param p : encoder.all()) {
                NDArray src = c.model().get(p.name());
                if (src == null) {
                    problems.add(p.name() + " is missing");
                } else if (!src.getShape().equals(p.array().getShape())) {
                    problems.add(p.name() + " has shape " + src.getShape() + ", the encoder needs " + p.array().getShape());
                }
            }
            if (!problems.isEmpty()) {
                throw EffitrainException.badInput(dir.resolve("model.safetensors") + ": not an encoder for this model ("
                        + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                        + (problems.size() > 3 ? "; " + (problems.size() - 3) + " more" : "")
                        + "); the model section must match the pretraining run's");
            }
            for (Param p : encoder.all()) {
                TensorCopy.into(c.model().get(p.name()), p.array());
            }
        }
        return dir;
    }
}
