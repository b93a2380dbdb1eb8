package dev.effitrain.trainers.standard;

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
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.train.Workload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Language-model pretraining: a GPT on a token stream, next-token cross-entropy. */
final class LmWorkload implements Workload {
    private static final int PREFETCH = 4;

    private final TextData data;
    private final ParamStore params;
    private final Gpt gpt;
    private final int microBatch;
    private final long seed;
    private TrainBatches batches;

    private LmWorkload(TextData data, ParamStore params, Gpt gpt, int microBatch, long seed) {
        this.data = data;
        this.params = params;
        this.gpt = gpt;
        this.microBatch = microBatch;
        this.seed = seed;
        this.batches = new TrainBatches(data.train(), new BatchOrder(seed, data.train().numWindows(), microBatch), PREFETCH);
    }

    static LmWorkload open(Recipe recipe, NDManager manager) {
        TextData data = TextData.open(recipe);
        try {
            int vocab = recipe.model().vocabSize() > 0 ? recipe.model().vocabSize() : data.tokenizer().vocabSize();
            ParamStore params = new ParamStore(manager);
            Gpt gpt = new Gpt(params, GptSpec.of(recipe.model(), vocab));
            return new LmWorkload(data, params, gpt, recipe.train().microBatch(), recipe.seed());
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public long trainSamples() {
        return data.train().numWindows();
    }

    @Override
    public long tokensPerSample() {
        return gpt.spec().seqLen();
    }

    @Override
    public double trainingFlopsPerSample() {
        int t = gpt.spec().seqLen();
        return gpt.spec().trainingFlopsPerToken(t) * t;
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        LmBatch b = batches.next();
        return new Batch(b.toInputs(manager), b.toTargets(manager), b.batchSize());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(gpt.loss(batch.inputs(), batch.labels(), training));
    }

    /** Mean validation loss over whole windows (token-weighted) and its perplexity. */
    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
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
                NDArray loss = gpt.loss(b.toInputs(manager), b.toTargets(manager), false);
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
        return String.format("GPT %d layers, d_model %d, %d heads, seq %d, vocab %d: %,d parameters; %s: %,d train windows",
                gpt.spec().layers(), gpt.spec().dModel(), gpt.spec().heads(), gpt.spec().seqLen(), gpt.spec().vocabSize(),
                params.numel(), data.tokenizer().name(), data.train().numWindows());
    }

    @Override
    public void close() {
        batches.close();
        params.close();
        data.close();
    }
}
