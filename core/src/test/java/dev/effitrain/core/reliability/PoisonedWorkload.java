package dev.effitrain.core.reliability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.train.Workload;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Linear regression on a deterministic stream of batches, some of which are poisoned on purpose:
 * this is how the non-finite tests inject NaN deterministically. Batch {@code k} of the stream
 * (0-based, counted by the data position, which checkpoints save) is poisoned as {@link #poison}
 * says: {@link Poison#NAN_INPUT} puts a NaN into the inputs (so the loss is NaN, as a corrupt
 * sample would), {@link Poison#NAN_GRADIENT} adds {@code sum(sqrt(0 * w))} to the loss, which is 0
 * while its gradient is NaN (the classic norm-of-a-zero-vector bug: finite loss, non-finite
 * gradients). It also records the weights each batch was computed with, so a test can see what a
 * rollback restored.
 */
final class PoisonedWorkload implements Workload {
    enum Poison { NONE, NAN_INPUT, NAN_GRADIENT }

    static final int FEATURES = 4;
    private static final float[] TRUE_W = {0.5f, -1f, 2f, 0.25f};

    private final ParamStore params;
    private final Param w;
    private final Param b;
    private final LongFunction<Poison> poison;
    private final Map<Long, float[]> weightsSeen = new HashMap<>();
    private long position;
    private Poison current = Poison.NONE;

    PoisonedWorkload(NDManager manager, LongFunction<Poison> poison) {
        this.params = new ParamStore(manager);
        this.w = params.create("w", Param.Kind.WEIGHT, new Shape(FEATURES, 1), s -> manager.zeros(s));
        this.b = params.create("b", Param.Kind.BIAS, new Shape(1), s -> manager.zeros(s));
        this.poison = poison;
    }

    /** The weights {@code w} had when batch {@code position} of the stream was computed. */
    float[] weightsAt(long position) {
        return weightsSeen.get(position);
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public long trainSamples() {
        return 1000;
    }

    @Override
    public long tokensPerSample() {
        return 1;
    }

    @Override
    public double trainingFlopsPerSample() {
        return 6.0 * FEATURES;
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        Random r = new Random(1_000_003L * position + 17);
        float[] x = new float[n * FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) r.nextGaussian();
                y[i] += TRUE_W[j] * x[i * FEATURES + j];
            }
        }
        current = poison.apply(position);
        if (current == Poison.NAN_INPUT) {
            x[0] = Float.NaN;
        }
        weightsSeen.put(position, w.array().toFloatArray());
        position++;
        return new Batch(manager.create(x, new Shape(n, FEATURES)), manager.create(y, new Shape(n, 1)), n);
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        NDArray pred = batch.inputs().matMul(w.array()).add(b.array());
        NDArray loss = pred.sub(batch.labels()).square().mean();
        if (current == Poison.NAN_GRADIENT) {
            loss = loss.add(w.array().mul(0f).sqrt().sum());
        }
        return new StepResult(loss);
    }

    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        return Map.of();
    }

    @Override
    public JsonObject dataState() {
        JsonObject o = new JsonObject();
        o.addProperty("position", position);
        return o;
    }

    @Override
    public void restoreDataState(JsonObject state) {
        position = state.get("position").getAsLong();
    }

    @Override
    public String describe() {
        return "linear regression with poisoned batches";
    }

    @Override
    public void close() {
        params.close();
    }
}
