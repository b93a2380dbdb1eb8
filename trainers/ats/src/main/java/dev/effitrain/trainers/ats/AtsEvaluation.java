package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.model.Losses;
import java.util.List;

/** One pass over evaluation batches, with ATS or without, into {@link EvalStats}. */
public final class AtsEvaluation {
    /** Batches run before timing starts (JIT and allocator warm-up). */
    static final int WARMUP_BATCHES = 1;

    private AtsEvaluation() {
    }

    public static EvalStats run(AtsVit model, EvalBatches batches, boolean sample, NDManager manager) {
        List<Integer> blocks = sample ? model.samplingBlocks() : List.of();
        EvalStats stats = new EvalStats(blocks);
        int seen = 0;
        while (batches.hasNext()) {
            ImageBatch b = batches.next();
            try (NDScope scope = new NDScope()) {
                NDArray images = b.imagesArray(manager);
                long t0 = System.nanoTime();
                AtsVit.Pass pass = model.forward(images, false, sample);
                int[] predicted = pass.logits().argMax(1).toType(DataType.INT32, false).toIntArray();
                long nanos = System.nanoTime() - t0;
                double loss = Losses.crossEntropy(pass.logits(), b.labelsArray(manager)).getFloat() * (double) b.size();
                List<int[]> kept = pass.kept();
                double[] flops = AtsFlops.images(model.spec(), blocks, kept, b.size());
                double padded = AtsFlops.padded(model.spec(), blocks, pass.widths());
                stats.add(b.labels(), predicted, loss, kept, flops, padded, nanos, seen++ < WARMUP_BATCHES);
            }
        }
        return stats;
    }
}
