package dev.effitrain.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.effitrain.core.model.ParamStore;
import java.util.Map;

/**
 * What a trainer plugs into the {@link TrainLoop}: a model, its data and its loss. The loop owns
 * everything else (steps, accumulation, clipping, schedules, evaluation, checkpoints, metrics).
 */
public interface Workload extends AutoCloseable {

    /** The model's parameters (the loop trains every one of them). */
    ParamStore params();

    /** Samples in one epoch of the training split. */
    long trainSamples();

    /** Tokens per sample (seq_len for an LM, patches for a ViT), for {@code tok} durations and tokens/s. */
    long tokensPerSample();

    /** Training FLOPs (forward + backward) per sample, analytic. */
    double trainingFlopsPerSample();

    /** Loads the next {@code n} training samples, advancing the data order. */
    Batch nextTrainBatch(NDManager manager, int n);

    /**
     * Forward pass and loss on a batch. Called inside an NDScope (and a GradientCollector when
     * training). The returned loss is a scalar; {@code extra} holds per-batch metrics such as
     * accuracy (already summed over the batch, with the batch size in {@link Batch#size()}).
     */
    StepResult forward(Batch batch, boolean training);

    /** Evaluates on the validation split (at most {@code maxBatches}, 0 = all); metric name → value. */
    Map<String, Double> evaluate(NDManager manager, int maxBatches);

    /** The data position, saved in checkpoints so that a resumed run sees the same batches. */
    JsonObject dataState();

    void restoreDataState(JsonObject state);

    /** Extra fields for summary.json (e.g. per-class accuracy); called once at the end. */
    default Map<String, Object> summaryExtras() {
        return Map.of();
    }

    /** One line describing the model and data, for the log. */
    String describe();

    @Override
    void close();

    /** One batch: inputs, labels and how many samples it holds. */
    record Batch(NDArray inputs, NDArray labels, int size) {
    }

    /** Loss and extra summed metrics of one forward pass. */
    record StepResult(NDArray loss, Map<String, NDArray> extra) {
        public StepResult(NDArray loss) {
            this(loss, Map.of());
        }
    }
}
