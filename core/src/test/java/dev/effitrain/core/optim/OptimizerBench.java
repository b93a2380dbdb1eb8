package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Micro-benchmark (not a test): optimizer step time and state bytes of 32-bit vs 8-bit optimizers
 * on a GPT-shaped set of ~10.4M parameters, and the cost of nearest-code rounding (bucket table
 * vs the 8-step binary search). Run with the test classpath, e.g.
 * {@code java -Dai.djl.pytorch.num_threads=2 -cp core/target/test-classes:core/target/classes:$(cat cp.txt)
 * dev.effitrain.core.optim.OptimizerBench [steps]}; see bench/optim/RESULTS.md.
 */
public final class OptimizerBench {

    private static final int LAYERS = 5;
    private static final int D = 384;
    private static final int VOCAB = 4096;

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            List<String[]> pairs = List.of(
                    new String[] {"adamw", "adamw8bit"},
                    new String[] {"momentum", "momentum8bit"},
                    new String[] {"lion", "lion8bit"});
            System.out.printf(Locale.ROOT, "threads=%s params=%,d steps=%d%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), numel(model(manager)), steps);
            System.out.println("| optimizer | state bytes | B/param | step ms (min) | step ms (median) |");
            System.out.println("|---|---|---|---|---|");
            for (String[] pair : pairs) {
                double[] t32 = time(manager, pair[0], steps);
                double[] t8 = time(manager, pair[1], steps);
                System.out.printf(Locale.ROOT, "| ratio %s/%s | %.4f | | %.2f | %.2f |%n", pair[1], pair[0],
                        t8[2] / t32[2], t8[0] / t32[0], t8[1] / t32[1]);
            }
            rounding(manager);
        }
    }

    /** {min ms, median ms, state bytes} over {@code steps} timed steps after 5 warm-up steps. */
    private static double[] time(NDManager parent, String name, int steps) {
        try (NDManager manager = parent.newSubManager()) {
            List<Param> params = model(manager);
            for (Param p : params) {
                try (NDScope scope = new NDScope()) {
                    NDArray g = manager.randomNormal(0f, 0.01f, p.array().getShape(), DataType.FLOAT32);
                    p.array().getGradient().reshape(-1).set(new NDIndex(":"), g.reshape(-1));
                }
            }
            OptimizerConfig cfg = new OptimizerConfig(name, 1e-4, null, 1e-8, 0.01, 0.9, false, false, 256, 4096,
                    List.of());
            try (Optimizer opt = Optimizers.create(cfg, params, manager)) {
                double[] ms = new double[steps];
                for (int s = -5; s < steps; s++) {
                    long t0 = System.nanoTime();
                    opt.step(params, 1e-4);
                    if (s >= 0) {
                        ms[s] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                long bytes = opt.stateBytes();
                System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %.2f | %.2f |%n", name, bytes,
                        (double) bytes / numel(params), ms[0], ms[steps / 2]);
                return new double[] {ms[0], ms[steps / 2], bytes};
            }
        }
    }

    /** GPT-shaped parameters: embeddings, per-layer attention/MLP weights, biases and norms. */
    private static List<Param> model(NDManager m) {
        List<Param> ps = new ArrayList<>();
        ps.add(param(m, "tok_emb.weight", Param.Kind.EMBEDDING, VOCAB, D));
        ps.add(param(m, "pos_emb.weight", Param.Kind.EMBEDDING, 256, D));
        for (int l = 0; l < LAYERS; l++) {
            String b = "blocks." + l + ".";
            ps.add(param(m, b + "ln1.weight", Param.Kind.NORM, D));
            ps.add(param(m, b + "attn.qkv.weight", Param.Kind.WEIGHT, D, 3 * D));
            ps.add(param(m, b + "attn.qkv.bias", Param.Kind.BIAS, 3 * D));
            ps.add(param(m, b + "attn.proj.weight", Param.Kind.WEIGHT, D, D));
            ps.add(param(m, b + "ln2.weight", Param.Kind.NORM, D));
            ps.add(param(m, b + "mlp.fc.weight", Param.Kind.WEIGHT, D, 4 * D));
            ps.add(param(m, b + "mlp.fc.bias", Param.Kind.BIAS, 4 * D));
            ps.add(param(m, b + "mlp.proj.weight", Param.Kind.WEIGHT, 4 * D, D));
        }
        ps.add(param(m, "ln_f.weight", Param.Kind.NORM, D));
        return ps;
    }

    private static Param param(NDManager m, String name, Param.Kind kind, long... shape) {
        try (NDScope scope = new NDScope()) {
            return OptimTestSupport.param(m, name, kind, m.randomNormal(0f, 0.02f, new Shape(shape), DataType.FLOAT32));
        }
    }

    private static long numel(List<Param> ps) {
        return ps.stream().mapToLong(Param::numel).sum();
    }

    /** Nearest-code rounding of 4M values in [-1, 1], 256K at a time: bucket table vs binary search. */
    private static void rounding(NDManager m) {
        int n = 1 << 22;
        int chunk = 1 << 18;
        try (NDScope scope = new NDScope()) {
            NDArray x = m.randomUniform(-1f, 1f, new Shape(n));
            Codebook book = new Codebook(QuantMap.dynamic(true), m, Device.cpu());
            float[] table = new float[256];
            table[0] = Float.NEGATIVE_INFINITY;
            System.arraycopy(QuantMap.dynamic(true).roundingBounds(), 0, table, 1, 255);
            NDArray bounds = m.create(table);
            double lut = best(() -> {
                for (int off = 0; off < n; off += chunk) {
                    book.encode(x.get(new NDIndex("{}:{}", off, off + chunk)));
                }
            });
            double search = best(() -> {
                for (int off = 0; off < n; off += chunk) {
                    NDArray xs = x.get(new NDIndex("{}:{}", off, off + chunk));
                    NDArray idx = xs.zerosLike().toType(DataType.INT64, false);
                    for (int step = 128; step >= 1; step >>= 1) {
                        NDArray candidate = idx.add(step);
                        idx = NDArrays.where(bounds.take(candidate).lt(xs), candidate, idx);
                    }
                    idx.toType(DataType.UINT8, false);
                }
            });
            System.out.printf(Locale.ROOT, "%nrounding 4,194,304 values: bucket table %.1f ms, 8-step binary search %.1f ms (%.1fx)%n",
                    lut, search, search / lut);
            book.close();
        }
    }

    private static double best(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            try (NDScope scope = new NDScope()) {
                long t0 = System.nanoTime();
                r.run();
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
        }
        return best;
    }
}
