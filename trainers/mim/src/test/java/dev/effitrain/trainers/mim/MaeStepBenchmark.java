package dev.effitrain.trainers.mim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.model.Losses;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Step time of MAE pretraining at a mask ratio vs the same model with the encoder fed every patch,
 * and vs a supervised ViT step (same encoder, all patches, linear head), side by side in one JVM:
 * the variants take turns, so machine load hits them alike. Forward + backward + zeroing the
 * gradients; no data loading, no optimizer (the same for all). Not a test.
 *
 * <p>Usage: MaeStepBenchmark [batch=256] [rounds=15] [image=28] [patch=4] [layers=4] [dim=128] [heads=4]
 * [decoderDim=64] [decoderDepth=2] [decoderHeads=4] [ratio=0.75]
 */
public final class MaeStepBenchmark {
    private MaeStepBenchmark() {
    }

    public static void main(String[] args) {
        int batch = arg(args, 0, 256);
        int rounds = arg(args, 1, 15);
        int image = arg(args, 2, 28);
        int patch = arg(args, 3, 4);
        int layers = arg(args, 4, 4);
        int dim = arg(args, 5, 128);
        int heads = arg(args, 6, 4);
        MaeConfig mae = new MaeConfig(MaeConfig.Mode.PRETRAIN, args.length > 10 ? Double.parseDouble(args[10]) : 0.75, true,
                arg(args, 7, 64), arg(args, 8, 2), arg(args, 9, 4), null, 0, List.of());
        VitSpec spec = new VitSpec(image, patch, 1, 10, layers, dim, heads, 4 * dim, 0, true, false);
        int patches = spec.numPatches();
        int keep = RandomMasking.keepCount(patches, mae.maskRatio());
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             ParamStore maeParams = new ParamStore(manager);
             ParamStore vitParams = new ParamStore(manager)) {
            MaeModel model = new MaeModel(maeParams, spec, mae, 4);
            Vit vit = new Vit(vitParams, spec);
            NDArray images = manager.randomNormal(new Shape(batch, 1, image, image));
            NDArray labels = manager.randomInteger(0, 10, new Shape(batch), ai.djl.ndarray.types.DataType.INT32);
            String[] names = {"mae r=" + mae.maskRatio() + " (" + keep + "/" + patches + " visible)",
                    "mae, encoder fed all " + patches + " patches", "vit classifier, all patches"};
            Runnable[] steps = {
                () -> maeStep(model, images, keep, maeParams),
                () -> maeStep(model, images, patches, maeParams),
                () -> vitStep(vit, images, labels, vitParams)};
            List<List<Double>> times = new ArrayList<>();
            for (int v = 0; v < steps.length; v++) {
                times.add(new ArrayList<>());
                for (int w = 0; w < 3; w++) {
                    steps[v].run();   // warm-up
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int v = 0; v < steps.length; v++) {
                    long t0 = System.nanoTime();
                    steps[v].run();
                    times.get(v).add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "batch %d, %dpx, patch %d, encoder %dx%d (%d heads), decoder %dx%d (%d heads), threads %s%n",
                    batch, image, patch, layers, dim, heads, mae.decoderDepth(), mae.decoderDim(), mae.decoderHeads(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
            double base = median(times.get(0));
            for (int v = 0; v < steps.length; v++) {
                double med = median(times.get(v));
                System.out.printf(Locale.ROOT, "%-40s median %8.1f ms  best %8.1f ms  x%.2f of the masked step%n",
                        names[v], med, best(times.get(v)), med / base);
            }
            double flopsMasked = MaeFlops.pretrainTraining(spec, mae, 4, spec.grid(), keep);
            double flopsAll = MaeFlops.pretrainTraining(spec, mae, 4, spec.grid(), patches);
            System.out.printf(Locale.ROOT, "analytic training FLOPs per image: masked %.1f M, all patches %.1f M (x%.2f), vit %.1f M%n",
                    flopsMasked / 1e6, flopsAll / 1e6, flopsAll / flopsMasked, spec.trainingFlops() / 1e6);
        }
    }

    private static void maeStep(MaeModel model, NDArray images, int keep, ParamStore params) {
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.forward(images, model.noise(images), keep, true).loss();
                gc.backward(loss);
                loss.getFloat();
            }
        }
        zero(params);
    }

    private static void vitStep(Vit vit, NDArray images, NDArray labels, ParamStore params) {
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Losses.crossEntropy(vit.logits(images, true), labels);
                gc.backward(loss);
                loss.getFloat();
            }
        }
        zero(params);
    }

    private static void zero(ParamStore params) {
        for (Param p : params.all()) {
            try (NDArray g = p.array().getGradient()) {
                g.subi(g);
            }
        }
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double best(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
