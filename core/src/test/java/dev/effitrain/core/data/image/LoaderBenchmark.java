package dev.effitrain.core.data.image;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.DataConfig;

import java.nio.file.Path;

/**
 * The image loader alone: images/s delivered at batch 128 on Fashion-MNIST, with and without
 * augmentation, with 0/1/2 prefetch workers. Two numbers per setting: host batches only (float[]
 * built), and batches turned into NDArrays on the caller's thread (what a training loop gets). A
 * third column runs a fake 20 ms training step on the caller between batches and reports how long
 * the caller still waited for data per batch: the prefetch's job is to make that zero.
 * Run: {@code bench/data/loader-bench.sh [seconds per setting] [idx dir]}.
 */
public final class LoaderBenchmark {
    private static final int BATCH = 128;
    private static final int FAKE_STEP_MS = 20;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        String dir = args.length > 1 ? args[1] : IdxReader.FASHION_MNIST_DIR.toString();
        long t0 = System.nanoTime();
        DataConfig cfg = new DataConfig("idx", dir, null, 0, 0, 0, true, 0, false);
        ImageData data = ImageData.open(cfg, 0, 0, 0, Path.of("."));
        long t1 = System.nanoTime();
        Normalization norm = data.normalization(true);
        long t2 = System.nanoTime();
        System.out.printf("read %s: %d train + %d test images %dx%d in %.2f s; normalisation stats in %.0f ms (%s)%n",
                dir, data.train().size(), data.eval().size(), data.imageSize(), data.imageSize(), (t1 - t0) / 1e9,
                (t2 - t1) / 1e6, norm);
        System.out.printf("cores available: %d, batch %d, %.1f s per setting%n",
                Runtime.getRuntime().availableProcessors(), BATCH, seconds);
        System.out.printf("%-16s %7s %14s %16s %22s%n", "augmentation", "workers", "host img/s",
                "NDArray img/s", "wait/batch @20ms step");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Augmentation aug : new Augmentation[] {Augmentation.NONE, new Augmentation(4, true)}) {
                for (int workers = 0; workers <= 2; workers++) {
                    double host = rate(data, norm, aug, workers, seconds, null);
                    double nd = rate(data, norm, aug, workers, seconds, manager);
                    double waitMs = waitPerBatch(data, norm, aug, workers, manager);
                    System.out.printf("%-16s %7d %14.0f %16.0f %19.2f ms%n",
                            aug.enabled() ? "crop4+flip" : "none", workers, host, nd, waitMs);
                }
            }
            try (EvalBatches eval = new EvalBatches(data.eval(), BATCH, norm, 0, 0)) {
                long s = System.nanoTime();
                int n = 0;
                while (eval.hasNext()) {
                    n += eval.next().size();
                }
                System.out.printf("eval (sequential, 0 workers): %.0f img/s%n", n / ((System.nanoTime() - s) / 1e9));
            }
        }
    }

    /** Images/s over {@code seconds} after a short warm-up; NDArrays are created and freed when a manager is given. */
    private static double rate(ImageData data, Normalization norm, Augmentation aug, int workers, double seconds,
                               NDManager manager) {
        try (TrainBatches loader = new TrainBatches(data.train(), BATCH, 1, norm, aug, workers,
                LoaderPosition.start())) {
            for (int i = 0; i < 30; i++) {
                consume(loader.next(), manager);
            }
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long images = 0;
            while (System.nanoTime() < deadline) {
                images += consume(loader.next(), manager);
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static int consume(ImageBatch b, NDManager manager) {
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
     * Mean time the caller waits in next() + NDArray creation per batch (after 5 warm-up batches) while it
     * "trains" 20 ms per step.
     */
    private static double waitPerBatch(ImageData data, Normalization norm, Augmentation aug, int workers,
                                       NDManager manager) {
        try (TrainBatches loader = new TrainBatches(data.train(), BATCH, 1, norm, aug, workers,
                LoaderPosition.start())) {
            int warmup = 5;
            int batches = 60;
            long waited = 0;
            for (int i = 0; i < warmup + batches; i++) {
                long s = System.nanoTime();
                consume(loader.next(), manager);
                if (i >= warmup) {
                    waited += System.nanoTime() - s;
                }
                spin(FAKE_STEP_MS);
            }
            return waited / 1e6 / batches;
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
}
