package dev.effitrain.trainers.ats;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.train.Weights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ATS side by side with the plain model on one checkpoint (run by {@code bench/ats/ats-bench.sh}):
 * <ol>
 *   <li>a sweep of K over the whole evaluation split: top-1, tokens kept, GFLOPs/image (from kept
 *   tokens and as the padded batch computed them), images/s at the recipe's batch size;</li>
 *   <li>forward wall-clock at several batch sizes, configurations interleaved over rounds, median.</li>
 * </ol>
 * Arguments: {@code RECIPE CHECKPOINT LABEL K_LIST TIMING_K_LIST BATCH_LIST OUT.md [--set k=v]...}; a list
 * given as {@code -} skips that part.
 */
public final class AtsBenchmark {
    private static final int ROUNDS = 5;
    private static final int TIMING_POOL = 256;

    private AtsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path recipeFile = Path.of(args[0]);
        Path checkpoint = Path.of(args[1]);
        String label = args[2];
        List<Double> ks = doubles(args[3]);
        List<Double> timingKs = doubles(args[4]);
        int[] batchSizes = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
        Path out = Path.of(args[6]);
        List<String> sets = new ArrayList<>();
        for (int i = 7; i + 1 < args.length; i += 2) {
            sets.add(args[i + 1]);
        }
        Recipe recipe = RecipeLoader.load(recipeFile, sets, Map.of("ats", new AtsTrainer()));
        AtsConfig cfg = recipe.section(AtsTrainer.SECTION, AtsConfig.class);
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        StringBuilder md = new StringBuilder();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             AtsModel model = AtsModel.open(recipe, cfg, manager)) {
            Weights.load(checkpoint, model.params(), true);
            md.append(String.format(Locale.ROOT, "### %s%n%n%s; checkpoint `%s`; %d threads; load average %s%n%n",
                    label, model.describe(), checkpoint,
                    Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()), loadAverage()));
            if (ks != null) {
                md.append(accuracySweep(model, cfg, ks, recipe.train().microBatch(), manager));
            }
            if (timingKs != null) {
                md.append(timingSweep(model, cfg, timingKs, batchSizes, manager));
            }
            md.append(String.format(Locale.ROOT, "%nload average at the end: %s%n%n", loadAverage()));
        }
        System.out.print(md);
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String accuracySweep(AtsModel model, AtsConfig cfg, List<Double> ks, int batch, NDManager manager) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Whole test split, batch %d, ATS blocks %s:%n%n| K | top-1 | Δ top-1 (points) | tokens kept per ATS block (mean) "
                        + "| GFLOPs/image | saved | GFLOPs/image as computed | images/s |%n|---|---|---|---|---|---|---|---|%n",
                batch, cfg.blocks(model.ats().vit().blocks().size())));
        EvalStats base;
        try (EvalBatches b = model.evalBatches(0)) {
            base = AtsEvaluation.run(model.ats(), b, false, manager);
        }
        sb.append(String.format(Locale.ROOT, "| no ATS | %.4f | | %d | %.4f | | %.4f | %.0f |%n", base.top1(),
                model.ats().spec().numPatches() + 1, base.gflopsPerImage(), base.gflopsPerImage(), base.imagesPerSecond()));
        for (double k : ks) {
            AtsVit ats = AtsVit.of(model.ats().vit(), withK(cfg, k));
            EvalStats s;
            try (EvalBatches b = model.evalBatches(0)) {
                s = AtsEvaluation.run(ats, b, true, manager);
            }
            StringBuilder tokens = new StringBuilder();
            for (EvalStats.StageTokens t : s.stages()) {
                tokens.append(tokens.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", t.mean()));
            }
            sb.append(String.format(Locale.ROOT, "| %s (%d) | %.4f | %+.2f | %s | %.4f | %.1f%% | %.4f | %.0f |%n",
                    show(k), ats.budgets().values().iterator().next(), s.top1(), 100 * (s.top1() - base.top1()), tokens,
                    s.gflopsPerImage(), 100 * (1 - s.gflopsPerImage() / base.gflopsPerImage()), s.paddedGflopsPerImage(),
                    s.imagesPerSecond()));
            System.err.println("K " + k + " done");
        }
        return sb.append('\n').toString();
    }

    private static String timingSweep(AtsModel model, AtsConfig cfg, List<Double> ks, int[] batchSizes, NDManager manager) {
        Map<String, AtsVit> configs = new LinkedHashMap<>();
        configs.put("no ATS", null);
        for (double k : ks) {
            configs.put("K " + show(k), AtsVit.of(model.ats().vit(), withK(cfg, k)));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Forward wall-clock over the first %d test images in batches of B (median of %d interleaved rounds):%n%n| B |",
                TIMING_POOL, ROUNDS));
        configs.keySet().forEach(name -> sb.append(' ').append(name).append(" images/s |"));
        configs.keySet().stream().skip(1).forEach(name -> sb.append(' ').append(name).append(" speed-up |"));
        sb.append("\n|---|").append("---|".repeat(2 * configs.size() - 1)).append('\n');
        for (int bs : batchSizes) {
            List<ImageBatch> pool = new ArrayList<>();
            try (EvalBatches b = new EvalBatches(model.data().eval(), bs, model.normalization(), 0, Math.max(1, TIMING_POOL / bs))) {
                b.forEachRemaining(pool::add);
            }
            int images = pool.stream().mapToInt(ImageBatch::size).sum();
            Map<String, double[]> seconds = new LinkedHashMap<>();
            configs.keySet().forEach(name -> seconds.put(name, new double[ROUNDS]));
            for (int round = -1; round < ROUNDS; round++) { // round -1 warms up
                for (Map.Entry<String, AtsVit> c : configs.entrySet()) {
                    double t = timePool(model, c.getValue(), pool, manager);
                    if (round >= 0) {
                        seconds.get(c.getKey())[round] = t;
                    }
                }
            }
            double baseRate = images / median(seconds.get("no ATS"));
            sb.append("| ").append(bs).append(" |");
            seconds.forEach((name, s) -> sb.append(String.format(Locale.ROOT, " %.0f |", images / median(s))));
            seconds.entrySet().stream().skip(1).forEach(e -> sb.append(String.format(Locale.ROOT, " %.2fx |",
                    images / median(e.getValue()) / baseRate)));
            sb.append('\n');
            System.err.println("batch " + bs + " done");
        }
        return sb.toString();
    }

    /** Seconds to run every batch of the pool forward once (predictions read back, so the work is done). */
    private static double timePool(AtsModel model, AtsVit ats, List<ImageBatch> pool, NDManager manager) {
        long total = 0;
        for (ImageBatch b : pool) {
            try (NDScope scope = new NDScope()) {
                NDArray images = b.imagesArray(manager);
                long t0 = System.nanoTime();
                NDArray logits = ats == null ? model.ats().forward(images, false, false).logits()
                        : ats.forward(images, false, true).logits();
                logits.argMax(1).toLongArray();
                total += System.nanoTime() - t0;
            }
        }
        return total / 1e9;
    }

    private static AtsConfig withK(AtsConfig cfg, double k) {
        return new AtsConfig(cfg.mode(), cfg.blocks(), cfg.fromBlock(), List.of(k), cfg.dropTokens(), true, false, 0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<Double> doubles(String csv) {
        return csv.equals("-") ? null : Arrays.stream(csv.split(",")).map(Double::parseDouble).toList();
    }

    private static String show(double k) {
        return k == Math.rint(k) && k > 1 ? Long.toString((long) k) : Double.toString(k);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
