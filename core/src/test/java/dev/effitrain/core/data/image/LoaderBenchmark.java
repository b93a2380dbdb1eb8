package dev.effitrain.core.data.image;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.DataConfig;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The image loader alone: images/s delivered at batch 128 on Fashion-MNIST, with and without
 * augmentation, with 0/1/2 prefetch workers. Per setting: host batches only (float[] built), and
 * batches turned into NDArrays on the caller's thread (what a training loop gets), each the median
 * and best of several interleaved rounds (the machine may be shared). Then the caller runs a fake
 * 20 ms training step between batches, and the time it still spends per batch is split into waiting
 * in next() (what prefetch removes) and creating the NDArrays (which stays on the caller).
 * Run: {@code bench/data/loader-bench.sh [seconds per round] [rounds] [idx dir]}.
 */
public final class LoaderBenchmark {
    private static final int BATCH = 128;
    private static final int FAKE_STEP_MS = 20;
    private static final Augmentation[] AUGS = {Augmentation.NONE, new Augmentation(4, true)};

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String dir = args.length > 2 ? args[2] : IdxReader.FASHION_MNIST_DIR.toString();
        long t0 = System.nanoTime();
        DataConfig cfg = new DataConfig("idx", dir, null, 0, 0, 0, true, 0, false);
        ImageData data = ImageData.open(cfg, 0, 0, 0, Path.of("."));
        long t1 = System.nanoTime();
        Normalization norm = data.normalization(true);
        long t2 = System.nanoTime();
        System.out.printf("read %s: %d train + %d test images %dx%d in %.2f s; normalisation stats in %.0f ms (%s)%n",
                dir, data.train().size(), data.eval().size(), data.imageSize(), data.imageSize(), (t1 - t0) / 1e9,
                (t2 - t1) / 1e6, norm);
        System.out.printf("cores: %d, batch %d, %d rounds of %.1f s per setting%n",
                Runtime.getRuntime().availableProcessors(), BATCH, rounds, seconds);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            double[][][] host = new double[2][3][rounds];
            double[][][] nd = new double[2][3][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int a = 0; a < 2; a++) {
                    for (int w = 0; w <= 2; w++) {
                        host[a][w][r] = rate(data, norm, AUGS[a], w, seconds, null);
                        nd[a][w][r] = rate(data, norm, AUGS[a], w, seconds, manager);
                    }
                }
            }
            System.out.printf("%-11s %7s %22s %22s %26s%n", "augment", "workers", "host img/s med (best)",
                    "NDArray img/s med (best)", "@20ms step: wait + create");
            for (int a = 0; a < 2; a++) {
                for (int w = 0; w <= 2; w++) {
                    double[] cost = callerCost(data, norm, AUGS[a], w, manager);
                    System.out.printf("%-11s %7d %13.0f (%6.0f) %13.0f (%6.0f) %13.3f + %.3f ms%n",
                            AUGS[a].enabled() ? "crop4+flip" : "none", w, median(host[a][w]), max(host[a][w]),
                            median(nd[a][w]), max(nd[a][w]), cost[0], cost[1]);
                }
            }
            try (EvalBatches eval = new EvalBatches(data.eval(), BATCH, norm, 0, 0)) {
                long s = System.nanoTime();
                int n = 0;
                while (eval.hasNext()) {
                    n += eval.next().size();
                }
                System.out.printf("eval batches (sequential, 0 workers, host): %.0f img/s%n",
                        n / ((System.nanoTime() - s) / 1e9));
            }
        }
    }

    /** Images/s over {@code seconds} after a short warm-up; NDArrays are created and freed when a manager is given. */
    private static double rate(ImageData data, Normalization norm, Augmentation aug, int workers, double seconds,
                               NDManager manager) {
        try (TrainBatches loader = new TrainBatches(data.train(), BATCH, 1, norm, aug, workers,
                LoaderPosition.start())) {
            for (int i = 0; i < 30; i++) {
                toArrays(loader.next(), manager);
            }
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long images = 0;
            while (System.nanoTime() < deadline) {
                images += toArrays(loader.next(), manager);
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static int toArrays(ImageBatch b, NDManager manager) {
        if (manager != null) {
            try (NDManager step = manager.newSubManager()) {
                NDList list = b.toNDList(step);
                if (list.size() != 2) {
                    throw new IllegalStateException();
                }
            }
        }
        return b.size();
    }

    /**
     * Mean ms per batch the caller spends in next() and in NDArray creation (after 5 warm-up batches)
     * while it "trains" 20 ms per step.
     */
    private static double[] callerCost(ImageData data, Normalization norm, Augmentation aug, int workers,
                                       NDManager manager) {
        try (TrainBatches loader = new TrainBatches(data.train(), BATCH, 1, norm, aug, workers,
                LoaderPosition.start())) {
            int warmup = 5;
            int batches = 60;
            long waited = 0;
            long created = 0;
            for (int i = 0; i < warmup + batches; i++) {
                long s = System.nanoTime();
                ImageBatch b = loader.next();
                long m = System.nanoTime();
                toArrays(b, manager);
                long e = System.nanoTime();
                if (i >= warmup) {
                    waited += m - s;
                    created += e - m;
                }
                spin(FAKE_STEP_MS);
            }
            return new double[] {waited / 1e6 / batches, created / 1e6 / batches};
        }
    }

    private static void spin(int ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        if (x < 0) {
            System.out.println(x);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
