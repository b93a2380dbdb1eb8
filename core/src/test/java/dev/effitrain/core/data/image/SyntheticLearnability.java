package dev.effitrain.core.data.image;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.config.DataConfig;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Evidence that the synthetic images are learnable: trains a tiny ViT (2 layers, d 64, patch 4) on
 * them with a plain Adam for a few hundred steps and prints validation accuracy (chance = 1/8).
 * Run: {@code bench/data/synthetic-learnability.sh [steps] [imageSize] [channels]}.
 */
public final class SyntheticLearnability {
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = 64;
        Engine.getInstance().setRandomSeed(1);
        DataConfig cfg = new DataConfig("synthetic-image", null, null, 0.1, 1, 10_000, true, 0, false);
        ImageData data = ImageData.open(cfg, size, channels, 1, null);
        Normalization norm = data.normalization(true);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             ParamStore ps = new ParamStore(manager);
             TrainBatches train = data.trainBatches(cfg, batch, 1, norm, LoaderPosition.start())) {
            Vit vit = new Vit(ps, new VitSpec(size, 4, channels, data.numClasses(), 2, 64, 4, 128, 0, true, false));
            List<NDArray[]> state = new ArrayList<>();
            for (Param p : ps.all()) {
                NDArray m = ps.manager().zeros(p.array().getShape());
                NDArray v = ps.manager().zeros(p.array().getShape());
                state.add(new NDArray[] {m, v});
            }
            long t0 = System.nanoTime();
            for (int step = 1; step <= steps; step++) {
                ImageBatch b = train.next();
                float loss;
                try (NDScope scope = new NDScope();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = b.imagesArray(manager);
                    NDArray y = b.labelsArray(manager);
                    NDArray l = Losses.crossEntropy(vit.logits(x, true), y);
                    gc.backward(l);
                    loss = l.getFloat();
                }
                adam(ps.all(), state, step, 2e-3f);
                if (step % 50 == 0) {
                    System.out.printf("step %d loss %.3f (%.1f s)%n", step, loss, (System.nanoTime() - t0) / 1e9);
                }
            }
            int correct = 0;
            try (EvalBatches eval = data.evalBatches(cfg, 256, norm, 0)) {
                while (eval.hasNext()) {
                    ImageBatch b = eval.next();
                    try (NDScope scope = new NDScope()) {
                        int[] pred = vit.logits(b.imagesArray(manager), false).argMax(1)
                                .toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                        for (int k = 0; k < pred.length; k++) {
                            correct += pred[k] == b.labels()[k] ? 1 : 0;
                        }
                    }
                }
            }
            System.out.printf("validation accuracy after %d steps: %.3f (chance %.3f)%n", steps,
                    correct / (double) data.eval().size(), 1.0 / data.numClasses());
        }
    }

    private static void adam(List<Param> params, List<NDArray[]> state, int t, float lr) {
        float b1 = 0.9f;
        float b2 = 0.999f;
        float c1 = 1 - (float) Math.pow(b1, t);
        float c2 = 1 - (float) Math.pow(b2, t);
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).array();
                NDArray g = w.getGradient();
                NDArray m = state.get(i)[0];
                NDArray v = state.get(i)[1];
                m.muli(b1).addi(g.mul(1 - b1));
                v.muli(b2).addi(g.square().muli(1 - b2));
                w.subi(m.div(c1).divi(v.div(c2).sqrt().addi(1e-8f)).muli(lr));
                g.subi(g);
            }
        }
    }
}
