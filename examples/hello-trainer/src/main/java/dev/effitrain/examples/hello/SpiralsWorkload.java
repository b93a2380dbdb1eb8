package dev.effitrain.examples.hello;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.EpochOrder;
import dev.effitrain.core.model.Init;
import dev.effitrain.core.model.Linear;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.train.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Two spirals of 2-D points, one per class, and an MLP of {@code model.layers} hidden layers of
 * {@code model.d_model} units that classifies them. Points and their order follow from the seed, so
 * a resumed run sees the same batches.
 */
final class SpiralsWorkload implements Workload {
    static final String ARCH = "hello-mlp";
    static final String SOURCE = "two-spirals";

    private final ParamStore params;
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear out;
    private final float[][] points;
    private final int[] labels;
    private final int trainSize;
    private final int width;
    private final long seed;
    private int[] order;
    private long seen;   // training samples drawn so far: the data position

    SpiralsWorkload(Recipe recipe, NDManager manager) {
        seed = recipe.seed();
        int n = (int) recipe.data().syntheticSize();
        points = new float[n][];
        labels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double t = 0.2 + random.nextDouble();   // radius, and angle in turns: one turn per arm
            double angle = 2 * Math.PI * t + Math.PI * labels[i];
            points[i] = new float[] {(float) (t * Math.cos(angle) + 0.02 * random.nextGaussian()),
                    (float) (t * Math.sin(angle) + 0.02 * random.nextGaussian())};
        }
        trainSize = n - (int) Math.round(n * recipe.data().valFraction());
        params = new ParamStore(manager);
        width = recipe.model().dModel();
        for (int l = 0; l < recipe.model().layers(); l++) {
            hidden.add(new Linear(params, "hidden." + l, l == 0 ? 2 : width, width, true, Init.xavierUniform(manager)));
        }
        out = new Linear(params, "out", width, 2, true, Init.xavierUniform(manager));
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public long trainSamples() {
        return trainSize;
    }

    @Override
    public long tokensPerSample() {
        return 1;
    }

    @Override
    public double trainingFlopsPerSample() {
        return 6.0 * params.numel();   // 2 per weight forward, 4 backward
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++, seen++) {
            long position = seen % trainSize;
            if (order == null || position == 0) {
                order = EpochOrder.shuffled(seed, seen / trainSize, trainSize);
            }
            rows[i] = order[(int) position];
        }
        return batch(manager, rows);
    }

    private Batch batch(NDManager manager, int[] rows) {
        float[] x = new float[rows.length * 2];
        long[] y = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[2 * i] = points[rows[i]][0];
            x[2 * i + 1] = points[rows[i]][1];
            y[i] = labels[rows[i]];
        }
        return new Batch(manager.create(x, new Shape(rows.length, 2)), manager.create(y), rows.length);
    }

    private NDArray logits(NDArray x) {
        for (Linear layer : hidden) {
            x = Activation.relu(layer.forward(x));
        }
        return out.forward(x);
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        return new StepResult(Losses.crossEntropy(logits(batch.inputs()), batch.labels()));
    }

    /** Loss and accuracy on the held-out points. */
    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        int[] rows = new int[points.length - trainSize];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = trainSize + i;
        }
        Batch b = batch(manager, rows);
        NDArray logits = logits(b.inputs());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val_loss", (double) Losses.crossEntropy(logits, b.labels()).getFloat());
        m.put("val_acc", logits.argMax(1).eq(b.labels()).toType(DataType.FLOAT32, false).mean().getFloat() * 1.0);
        return m;
    }

    @Override
    public JsonObject dataState() {
        JsonObject o = new JsonObject();
        o.addProperty("seen", seen);
        return o;
    }

    @Override
    public void restoreDataState(JsonObject state) {
        seen = state.get("seen").getAsLong();
        order = EpochOrder.shuffled(seed, seen / trainSize, trainSize);
    }

    @Override
    public String describe() {
        return String.format("%s: %d hidden layers of %d, %,d parameters; %s: %d training and %d held-out points",
                ARCH, hidden.size(), width, params.numel(),
                SOURCE, trainSize, points.length - trainSize);
    }

    @Override
    public void close() {
        params.close();
    }
}
