package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.Normalization;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Writes {@code runs/NAME/reconstructions/step-NNNNNN.png}: the first validation images, each
 * under the same fixed mask every time, so that pictures from successive evaluations compare.
 */
final class ReconstructionPictures {
    static final String DIR = "reconstructions";

    private final MaeModel model;
    private final int patchSize;
    private final int channels;
    private final Normalization norm;
    private final Path runDir;
    private final int count;
    private final long noiseSeed;

    ReconstructionPictures(MaeModel model, int patchSize, int channels, Normalization norm, Path runDir, int count,
                           long noiseSeed) {
        this.model = model;
        this.patchSize = patchSize;
        this.channels = channels;
        this.norm = norm;
        this.runDir = runDir;
        this.count = count;
        this.noiseSeed = noiseSeed;
    }

    static Path path(Path runDir, long step) {
        return runDir.resolve(DIR).resolve(String.format("step-%06d.png", step));
    }

    /** Draws the picture for {@code step} from {@code eval} (at the current image size) with {@code keep} visible patches. */
    void write(NDManager manager, ImageDataset eval, int keep, long step) {
        int n = Math.min(count, eval.size());
        int size = eval.imageSize();
        int grid = size / patchSize;
        ImageDataset fixed = eval.subset(IntStream.range(0, n).toArray());
        try (EvalBatches batches = new EvalBatches(fixed, n, norm, 0, 1); NDScope scope = new NDScope()) {
            ImageBatch b = batches.next();
            NDArray x = b.imagesArray(manager);
            MaeModel.Output o = model.forward(x, FixedNoise.of(manager, n, grid * grid, noiseSeed), keep, false);
            NDArray recon = MaePatches.unpatchify(model.predictedPatches(o, x), patchSize, channels);
            ReconstructionGrid.Images original = new ReconstructionGrid.Images(b.images(), n, channels, size);
            ReconstructionGrid.Images predicted = new ReconstructionGrid.Images(recon.toFloatArray(), n, channels, size);
            ReconstructionGrid.write(ReconstructionGrid.draw(original, predicted, o.mask().toFloatArray(), patchSize, norm),
                    path(runDir, step));
        }
    }
}
