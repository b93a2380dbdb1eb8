package dev.effitrain.trainers.standard;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.model.ForwardProbe;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.train.LmData;
import dev.effitrain.core.train.Workload;
import java.util.Map;

/** Language-model pretraining: a GPT on a token stream, next-token cross-entropy. */
final class LmWorkload implements Workload {
    private final LmData data;
    private final ParamStore params;
    private final Gpt gpt;
    private final double zLoss;

    private LmWorkload(LmData data, ParamStore params, Gpt gpt, double zLoss) {
        this.data = data;
        this.params = params;
        this.gpt = gpt;
        this.zLoss = zLoss;
    }

    static LmWorkload open(Recipe recipe, NDManager manager, ForwardProbe probe) {
        LmData data = LmData.open(recipe);
        try {
            ParamStore params = new ParamStore(manager);
            Gpt gpt = new Gpt(params, GptSpec.of(recipe.model(), data.vocabSize(recipe.model().vocabSize())));
            gpt.observe(probe);
            return new LmWorkload(data, params, gpt, recipe.train().zLoss());
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
        return data.trainWindows();
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

    /** What a training sample holds for the backward pass (for estimate). */
    ActivationShape activations() {
        return ActivationShape.gpt(gpt.spec());
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        return data.nextBatch(manager);
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(gpt.loss(batch.inputs(), batch.labels(), training, training ? zLoss : 0));
    }

    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        return data.evaluate(manager, maxBatches, (x, y) -> gpt.loss(x, y, false));
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
        return String.format("GPT %d layers, d_model %d, %d heads, seq %d, vocab %d: %,d parameters; %s",
                gpt.spec().layers(), gpt.spec().dModel(), gpt.spec().heads(), gpt.spec().seqLen(), gpt.spec().vocabSize(),
                params.numel(), data.describe());
    }

    @Override
    public void close() {
        params.close();
        data.close();
    }
}
