package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.train.LmData;
import java.util.Map;

/**
 * GPT language-model pretraining whose model changes size between stages. Data, batch order and
 * evaluation are the standard trainer's (same seed, same batches), so a progressive run and its
 * from-scratch baseline see the same tokens in the same order.
 */
final class GptWorkload implements GrowingWorkload {
    private final LmData data;
    private final NDManager manager;
    private final int vocab;
    private final int seqLen;
    private GptStageModel model;

    private GptWorkload(LmData data, NDManager manager, int vocab, int seqLen) {
        this.data = data;
        this.manager = manager;
        this.vocab = vocab;
        this.seqLen = seqLen;
    }

    /** Opens the data; the first model is built with {@link #newModel} and {@link #install}. */
    static GptWorkload open(Recipe recipe, NDManager manager) {
        LmData data = LmData.open(recipe);
        return new GptWorkload(data, manager, data.vocabSize(recipe.model().vocabSize()), recipe.model().seqLen());
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
        return data.trainWindows();
    }

    @Override
    public long tokensPerSample() {
        return seqLen;
    }

    @Override
    public Batch nextTrainBatch(NDManager m, int n) {
        return data.nextBatch(m);
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(model.loss(batch.inputs(), batch.labels(), training));
    }

    @Override
    public Map<String, Double> evaluate(NDManager m, int maxBatches) {
        return data.evaluate(m, maxBatches, (x, y) -> model.loss(x, y, false));
    }

    @Override
    public JsonObject dataState() {
        return data.state();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        data.restore(state);
    }

    @Override
    public String describe() {
        return String.format("progressive GPT, now %d layers, d_model %d, %d heads, seq %d, vocab %d: %,d parameters; %s",
                model.spec().layers(), model.spec().dModel(), model.spec().heads(), model.spec().seqLen(), vocab,
                model.params().numel(), data.describe());
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
        data.close();
    }
}
