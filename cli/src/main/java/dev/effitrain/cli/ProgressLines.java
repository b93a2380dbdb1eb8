package dev.effitrain.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The wording of training progress on stderr: plain lines, the bar's message, evaluations, checkpoints. */
final class ProgressLines {
    private ProgressLines() {
    }

    /** {@code step 200/600 (33%) eta 0:00:41  loss 0.8312  lr 1.00e-03  grad_norm 0.532  4210 tok/s  ...}. */
    static String plain(Map<String, Object> m, long total, Optional<Duration> eta) {
        long step = ((Number) m.get("step")).longValue();
        return String.format(Locale.ROOT, "step %d/%d (%d%%) eta %s  loss %.4f  lr %.2e  grad_norm %.3f  %.0f tok/s"
                        + "  %.1f ms/step  mfu %.1f%%  rss %.0f MB",
                step, total, percent(step, total), Eta.format(eta), num(m, "loss"), num(m, "lr"), num(m, "grad_norm"),
                num(m, "tokens_per_s"), num(m, "step_ms"), 100 * num(m, "mfu"), num(m, "rss_mb"));
    }

    /** What the bar shows after its step/total and ETA: the latest loss and, once logged, tokens/s. */
    static String barMessage(double loss, double tokensPerSecond) {
        String tokens = Double.isNaN(tokensPerSecond) ? "" : String.format(Locale.ROOT, "  %,.0f tok/s", tokensPerSecond);
        return String.format(Locale.ROOT, " loss %.4f", loss) + tokens;
    }

    static String eval(long step, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder("eval @ step " + step + ":");
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        return sb.toString();
    }

    static String checkpoint(long step, Path dir) {
        return "checkpoint @ step " + step + ": " + dir;
    }

    /** A slow phase that is still going: {@code evaluating at step 200 ... 3s}. */
    static String status(String what, Duration elapsed) {
        return what + " ... " + Math.round(elapsed.toMillis() / 1000.0) + "s";
    }

    static int percent(long step, long total) {
        return total <= 0 ? 100 : (int) (100 * step / total);
    }

    static double num(Map<String, Object> m, String k) {
        return m.get(k) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
