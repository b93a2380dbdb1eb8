package dev.effitrain.cli;

import dev.effitrain.core.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on stderr: a progress bar on a terminal; otherwise (CI, pipes) plain lines at
 * most every {@link #PLAIN_INTERVAL_MS} ms, plus evaluations, checkpoints and warnings.
 */
final class ConsoleProgress implements TrainListener, AutoCloseable {
    static final long PLAIN_INTERVAL_MS = 5_000;

    private boolean started;

    private final PrintWriter err;
    private final boolean interactive;
    private ProgressBar bar;
    private long lastPlain;
    private long total;
    private Map<String, Object> lastLog;

    ConsoleProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** True once the trainer has resumed or started and begun its loop. */
    boolean started() {
        return started;
    }

    @Override
    public void onStart(String description, long startStep, long totalSteps) {
        started = true;
        total = totalSteps;
        err.println(description);
        if (startStep > 0) {
            err.printf("resuming at step %d of %d%n", startStep, totalSteps);
        }
        err.flush();
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).startsFrom(startStep, java.time.Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    // the plain consumer redraws with \r only, so lines printed between redraws stay put
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).continuousUpdate()
                    .showSpeed().setUnit(" steps", 1).build();
        }
        lastPlain = System.currentTimeMillis();
    }

    @Override
    public void onStep(long step, long totalSteps, double loss, double lr) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f lr %.2e", loss, lr));
        }
    }

    @Override
    public void onLog(Map<String, Object> m) {
        lastLog = m;
        long now = System.currentTimeMillis();
        if (bar == null && now - lastPlain >= PLAIN_INTERVAL_MS) {
            lastPlain = now;
            err.println(plainLine(m));
            err.flush();
        }
    }

    static String plainLine(Map<String, Object> m) {
        return String.format(Locale.ROOT, "step %d  loss %.4f  lr %.2e  grad_norm %.3f  %.0f tok/s  %.1f ms/step  mfu %.1f%%  rss %.0f MB",
                ((Number) m.get("step")).longValue(), num(m, "loss"), num(m, "lr"), num(m, "grad_norm"),
                num(m, "tokens_per_s"), num(m, "step_ms"), 100 * num(m, "mfu"), num(m, "rss_mb"));
    }

    private static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public void onEval(long step, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder("eval @ step " + step + ":");
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        println(sb.toString());
    }

    @Override
    public void onCheckpoint(long step, Path dir) {
        if (bar == null) {
            println("checkpoint " + dir);
        }
    }

    @Override
    public void onEvent(String name, long step, Map<String, Object> fields) {
        println(name + " @ step " + step + ": " + fields);
    }

    @Override
    public void onWarning(String message) {
        println("warning: " + message);
    }

    @Override
    public void onEnd(Map<String, Object> summary) {
        close();
        if (lastLog != null && !interactive) {
            err.println(plainLine(lastLog));
            err.flush();
        }
    }

    private void println(String s) {
        if (bar != null) {
            // One print call on the stream the bar draws on (PrintStream calls are atomic): clear the
            // bar's line, write the message; the bar redraws itself on the next line.
            System.err.print("\r\033[K" + s + System.lineSeparator());
            System.err.flush();
            return;
        }
        err.println(s);
        err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
