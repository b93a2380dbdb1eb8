package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.data.image.EvalBatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One evaluation with ATS next to the same weights without it.
 *
 * @param withAts  null when {@code ats.at_eval} is false
 * @param baseline null when {@code ats.compare_baseline} is false and ATS is on at evaluation
 * @param budgets  ATS block → K
 */
public record AtsComparison(EvalStats withAts, EvalStats baseline, Map<Integer, Integer> budgets) {

    public static AtsComparison run(AtsModel model, AtsConfig cfg, int maxBatches, NDManager manager) {
        EvalStats base = null;
        EvalStats ats = null;
        if (cfg.compareBaseline() || !cfg.atEval()) {
            try (EvalBatches batches = model.evalBatches(maxBatches)) {
                base = AtsEvaluation.run(model.ats(), batches, false, manager);
            }
        }
        if (cfg.atEval()) {
            try (EvalBatches batches = model.evalBatches(maxBatches)) {
                ats = AtsEvaluation.run(model.ats(), batches, true, manager);
            }
        }
        return new AtsComparison(ats, base, model.ats().budgets());
    }

    /** The evaluation that counts: with ATS when it is on at evaluation. */
    public EvalStats primary() {
        return withAts != null ? withAts : baseline;
    }

    /** Flat metrics: the primary ones unprefixed, the baseline's as {@code baseline_*}, and their ratios. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>(primary().metrics(""));
        if (withAts != null) {
            budgets.forEach((block, k) -> m.put("k_block" + block, (double) k));
        }
        if (withAts != null && baseline != null) {
            m.putAll(baseline.metrics("baseline_"));
            m.put("gflops_saving", 1 - withAts.gflopsPerImage() / baseline.gflopsPerImage());
            m.put("speedup", withAts.imagesPerSecond() / baseline.imagesPerSecond());
        }
        return m;
    }

    /** Nested report for {@code ats-report.json} and {@code summary.json}. */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> k = new LinkedHashMap<>();
        budgets.forEach((block, tokens) -> k.put(Integer.toString(block), tokens));
        r.put("k", k);
        if (withAts != null) {
            r.put("with_ats", section(withAts));
        }
        if (baseline != null) {
            r.put("without_ats", section(baseline));
        }
        if (withAts != null && baseline != null) {
            r.put("gflops_saving", 1 - withAts.gflopsPerImage() / baseline.gflopsPerImage());
            r.put("speedup", withAts.imagesPerSecond() / baseline.imagesPerSecond());
            r.put("top1_change_points", 100 * (withAts.top1() - baseline.top1()));
        }
        return r;
    }

    private static Map<String, Object> section(EvalStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", s.images());
        m.put("top1", s.top1());
        m.put("loss", s.loss());
        m.put("gflops_per_image", s.gflopsPerImage());
        m.put("images_per_s", s.imagesPerSecond());
        if (!s.stages().isEmpty()) {
            m.put("gflops_per_image_padded", s.paddedGflopsPerImage());
            List<Map<String, Object>> stages = new ArrayList<>();
            for (EvalStats.StageTokens t : s.stages()) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("block", t.block());
                st.put("tokens_mean", t.mean());
                st.put("tokens_min", t.min());
                st.put("tokens_max", t.max());
                stages.add(st);
            }
            m.put("tokens", stages);
        }
        return m;
    }

    /** A Markdown table for people. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | top-1 | GFLOPs/image | GFLOPs/image as computed | images/s |\n|---|---|---|---|---|\n");
        if (baseline != null) {
            sb.append(row("without ATS", baseline, baseline.gflopsPerImage()));
        }
        if (withAts != null) {
            sb.append(row("with ATS", withAts, withAts.paddedGflopsPerImage()));
            sb.append("\n| ATS block | K | tokens kept: mean | min | max |\n|---|---|---|---|---|\n");
            for (EvalStats.StageTokens t : withAts.stages()) {
                sb.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %d | %d |%n", t.block(), budgets.get(t.block()),
                        t.mean(), t.min(), t.max()));
            }
        }
        if (withAts != null && baseline != null) {
            sb.append(String.format(Locale.ROOT, "%nGFLOPs saved: %.1f%%; top-1 change: %+.2f points; speed-up: %.2fx%n",
                    100 * (1 - withAts.gflopsPerImage() / baseline.gflopsPerImage()),
                    100 * (withAts.top1() - baseline.top1()), withAts.imagesPerSecond() / baseline.imagesPerSecond()));
        }
        return sb.toString();
    }

    private static String row(String name, EvalStats s, double computed) {
        return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.0f |%n", name, s.top1(), s.gflopsPerImage(),
                computed, s.imagesPerSecond());
    }
}
