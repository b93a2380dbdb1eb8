package dev.effitrain.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.BatchOrder;
import dev.effitrain.core.data.LmBatch;
import dev.effitrain.core.data.LmDataset;
import dev.effitrain.core.data.TextData;
import dev.effitrain.core.data.TrainBatches;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * The data side of every language-model workload: text, the resumable batch order, and
 * token-weighted validation loss / perplexity. Trainers that differ only in their model (standard,
 * progressive) share it, so they see the same tokens in the same order.
 */
public final class LmData implements AutoCloseable {
    private static final int PREFETCH = 4;

    private final TextData data;
    private final int microBatch;
    private final long seed;
    private TrainBatches batches;

    private LmData(TextData data, int microBatch, long seed) {
        this.data = data;
        this.microBatch = microBatch;
        this.seed = seed;
        this.batches = new TrainBatches(data.train(), new BatchOrder(seed, data.train().numWindows(), microBatch), PREFETCH);
    }

    public static LmData open(Recipe recipe) {
        TextData data = TextData.open(recipe);
        try {
            return new LmData(data, recipe.train().microBatch(), recipe.seed());
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** model.vocab_size when set, else the tokenizer's. */
    public int vocabSize(int configured) {
        return configured > 0 ? configured : data.tokenizer().vocabSize();
    }

    public long trainWindows() {
        return data.train().numWindows();
    }

    public Workload.Batch nextBatch(NDManager manager) {
        LmBatch b = batches.next();
        return new Workload.Batch(b.toInputs(manager), b.toTargets(manager), b.batchSize());
    }

    /** Token-weighted mean of {@code loss(inputs, targets)} over validation windows, and its perplexity. */
    public Map<String, Double> evaluate(NDManager manager, int maxBatches, BinaryOperator<NDArray> loss) {
        Optional<LmDataset> val = data.validation();
        Map<String, Double> out = new LinkedHashMap<>();
        if (val.isEmpty()) {
            return out;
        }
        long available = val.get().sequentialBatches(microBatch);
        long n = maxBatches > 0 ? Math.min(maxBatches, available) : available;
        double lossSum = 0;
        long tokens = 0;
        for (long k = 0; k < n; k++) {
            try (NDScope scope = new NDScope()) {
                LmBatch b = val.get().sequentialBatch(k, microBatch);
                lossSum += loss.apply(b.toInputs(manager), b.toTargets(manager)).getFloat() * b.tokens();
                tokens += b.tokens();
            }
        }
        double mean = lossSum / Math.max(1, tokens);
        out.put("val_loss", mean);
        out.put("val_ppl", Math.exp(mean));
        return out;
    }

    public JsonObject state() {
        return JsonParser.parseString(batches.state().toJson()).getAsJsonObject();
    }

    public void restore(JsonObject state) {
        BatchOrder.State s = BatchOrder.State.fromJson(state.toString());
        batches.close();
        batches = new TrainBatches(data.train(), BatchOrder.resume(s, seed, data.train().numWindows(), microBatch), PREFETCH);
    }

    /** e.g. "bytes: 14,843 train windows". */
    public String describe() {
        return String.format("%s: %,d train windows", data.tokenizer().name(), data.train().numWindows());
    }

    @Override
    public void close() {
        batches.close();
        data.close();
    }
}
