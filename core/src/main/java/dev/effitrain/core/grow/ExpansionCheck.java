package dev.effitrain.core.grow;

import dev.effitrain.core.model.TensorCopy;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.data.LmBatch;
import dev.effitrain.core.data.LmDataset;
import dev.effitrain.core.data.TextData;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import java.nio.file.Path;

/**
 * {@code expand --check}: the loss of the source and of the grown checkpoint, each loaded from its
 * files, on the same validation batch (the first one of the run's data).
 */
public final class ExpansionCheck {

    /** Both losses and how many tokens they were measured on. */
    public record Losses(double source, double grown, long tokens) {
    }

    private ExpansionCheck() {
    }

    public static Losses gpt(Path source, Path grown, TextData data, int batchSize, NDManager manager) {
        LmDataset split = data.validation().orElse(data.train());
        if (split.numWindows() == 0) {
            throw EffitrainException.badInput("no text to check on: the data has no complete window");
        }
        LmBatch batch = split.sequentialBatch(0, (int) Math.min(batchSize, split.numWindows()));
        return new Losses(loss(source, batch, manager), loss(grown, batch, manager), batch.tokens());
    }

    private static double loss(Path checkpoint, LmBatch batch, NDManager manager) {
        Path dir = CheckpointReader.resolve(checkpoint);
        CheckpointModel model = CheckpointModel.read(CheckpointReader.describe(dir));
        if (model.gpt() == null) {
            throw EffitrainException.usage(dir + ": --check measures a language-model loss; this is not a GPT checkpoint");
        }
        Engine.getInstance().setRandomSeed(0);
        try (Checkpoint ckpt = CheckpointReader.load(dir, manager); ParamStore ps = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Gpt gpt = new Gpt(ps, model.gpt());
            for (Param p : ps.all()) {
                TensorCopy.into(ckpt.model().get(p.name()), p.array());
            }
            NDArray loss = gpt.loss(batch.toInputs(manager), batch.toTargets(manager), false);
            return loss.getFloat();
        }
    }
}
