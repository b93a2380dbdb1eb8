package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.BatchOrder;
import dev.effitrain.core.data.LmBatch;
import dev.effitrain.core.data.LmDataset;
import dev.effitrain.core.data.TextData;
import dev.effitrain.core.data.TrainBatches;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GPT language-model pretraining whose model changes size between stages. Data, batch order and
 * evaluation are the standard trainer's (same seed, same batches), so a progressive run and its
 * from-scratch baseline see the same tokens in the same order.
 */
final class GptWorkload implements GrowingWorkload {
    private static final int PREFETCH = 4;

    private final TextData data;
    private final NDManager manager;
    private final int vocab;
    private final int seqLen;
    private final int microBatch;
    private final long seed;
    private TrainBatches batches;
    private GptStageModel model;

    private GptWorkload(TextData data, NDManager manager, int vocab, int seqLen, int microBatch, long seed) {
        this.data = data;
        this.manager = manager;
        this.vocab = vocab;
        this.seqLen = seqLen;
        this.microBatch = microBatch;
        this.seed = seed;
        this.batches = new TrainBatches(data.train(), new BatchOrder(seed, data.train().numWindows(), microBatch), PREFETCH);
    }

    /** Opens the data; the first model is built with {@link #newModel} and {@link #install}. */
    static GptWorkload open(Recipe recipe, NDManager manager) {
        TextData data = TextData.open(recipe);
        int vocab = recipe.model().vocabSize() > 0 ? recipe.model().vocabSize() : data.tokenizer().vocabSize();
        return new GptWorkload(data, manager, vocab, recipe.model().seqLen(), recipe.train().microBatch(), recipe.seed());
    }

    @Override
    public StageModel newModel(ModelConfig cfg) {
        return new GptStageModel(manager, cfg, vocab);
    }

    @Override
    public StageModel model() {
        return model;
    }

    @Override
    public void install(StageModel next) {
        GptStageModel old = model;
        model = (GptStageModel) next;
        if (old != null && old != next) {
            old.close();
        }
    }

    @Override
    public long trainSamples() {
        return data.train().numWindows();
    }

    @Override
    public long tokensPerSample() {
        return seqLen;
    }

    @Override
    public Batch nextTrainBatch(NDManager m, int n) {
        LmBatch b = batches.next();
        return new Batch(b.toInputs(m), b.toTargets(m), b.batchSize());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(model.loss(batch.inputs(), batch.labels(), training));
    }

    /** Mean validation loss over whole windows (token-weighted) and its perplexity. */
    @Override
    public Map<String, Double> evaluate(NDManager m, int maxBatches) {
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
                NDArray loss = model.loss(b.toInputs(m), b.toTargets(m), false);
                lossSum += loss.getFloat() * b.tokens();
                tokens += b.tokens();
            }
        }
        double mean = lossSum / Math.max(1, tokens);
        out.put("val_loss", mean);
        out.put("val_ppl", Math.exp(mean));
        return out;
    }

    @Override
    public JsonObject dataState() {
        return JsonParser.parseString(batches.state().toJson()).getAsJsonObject();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        BatchOrder.State s = BatchOrder.State.fromJson(state.toString());
        batches.close();
        batches = new TrainBatches(data.train(), BatchOrder.resume(s, seed, data.train().numWindows(), microBatch), PREFETCH);
    }

    @Override
    public String describe() {
        return String.format("progressive GPT, now %d layers, d_model %d, %d heads, seq %d, vocab %d: %,d parameters; %s: %,d train windows",
                model.spec().layers(), model.spec().dModel(), model.spec().heads(), model.spec().seqLen(), vocab,
                model.params().numel(), data.tokenizer().name(), data.train().numWindows());
    }

    @Override
    public void close() {
        batches.close();
        if (model != null) {
            model.close();
        }
        data.close();
    }
}
