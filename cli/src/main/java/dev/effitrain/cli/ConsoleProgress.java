package dev.effitrain.cli;

import dev.effitrain.core.train.TrainListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on stderr ({@link ProgressMode}): on a terminal a bar with step/total, ETA,
 * loss and tokens/s; otherwise (CI, pipes, {@code 2> log}) plain {@code step N/TOTAL (P%) eta ...}
 * lines at most every {@link #PLAIN_INTERVAL_MS} ms. Both announce evaluations, checkpoints and
 * warnings, and say what a slow phase (loading data, evaluating, saving) is doing once it lasts
 * ({@link StatusLine}).
 */
final class ConsoleProgress implements TrainListener, AutoCloseable {
    static final long PLAIN_INTERVAL_MS = 5_000;

    private final PrintWriter err;
    private final ProgressMode mode;
    private final StatusLine status;
    private final Object out = new Object();   // guards writing; never held while calling into the status line
    private volatile ProgressBar bar;
    private boolean started;
    private long total;
    private long startStep;
    private long startNanos;
    private long lastPlain;
    private Map<String, Object> lastLog;
    private volatile String barMessage = "";
    private double tokensPerSecond = Double.NaN;
    private Activity preparing = Activity.NONE;

    ConsoleProgress(PrintWriter err, ProgressMode mode) {
        this(err, mode, StatusLine.SHOW_AFTER);
    }

    ConsoleProgress(PrintWriter err, ProgressMode mode, Duration statusAfter) {
        this.err = err;
        this.mode = mode;
        this.status = new StatusLine(new Display(), statusAfter, StatusLine.EVERY);
    }

    /** Before the trainer runs: says so if loading data and building the model lasts; ends at {@link #onStart}. */
    void preparing() {
        preparing = activity("loading data and building the model");
    }

    /** True once the trainer has resumed or started and begun its loop. */
    boolean started() {
        return started;
    }

    @Override
    public void onStart(String description, long startStep, long totalSteps) {
        preparing.close();
        started = true;
        this.total = totalSteps;
        this.startStep = startStep;
        this.startNanos = System.nanoTime();
        synchronized (out) {
            err.println(description);
            if (startStep > 0) {
                err.printf("resuming at step %d of %d%n", startStep, totalSteps);
            }
            err.flush();
        }
        if (mode == ProgressMode.BAR) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).startsFrom(startStep, Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    // redraws with \r only, so lines printed between redraws stay put
                    .setConsumer(new BarConsumer(terminal(), out)).setUpdateIntervalMillis(250).continuousUpdate()
                    .setEtaFunction(s -> Eta.remaining(s.getCurrent() - s.getStart(), s.getElapsedAfterStart(),
                            s.getMax() - s.getCurrent()))
                    .setUnit(" steps", 1).build();
        }
        lastPlain = System.currentTimeMillis();
    }

    @Override
    public void onStep(long step, long totalSteps, double loss, double lr) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepTo(step);
            barMessage = ProgressLines.barMessage(loss, tokensPerSecond);
            b.setExtraMessage(barMessage);
        }
    }

    @Override
    public void onLog(Map<String, Object> m) {
        lastLog = m;
        tokensPerSecond = ProgressLines.num(m, "tokens_per_s");
        long now = System.currentTimeMillis();
        if (mode == ProgressMode.PLAIN && now - lastPlain >= PLAIN_INTERVAL_MS) {
            lastPlain = now;
            println(plainLine(m));
        }
    }

    private String plainLine(Map<String, Object> m) {
        long step = ((Number) m.get("step")).longValue();
        Optional<Duration> eta = Eta.remaining(step - startStep, Duration.ofNanos(System.nanoTime() - startNanos), total - step);
        return ProgressLines.plain(m, total, eta);
    }

    @Override
    public void onEval(long step, Map<String, Double> metrics) {
        println(ProgressLines.eval(step, metrics));
    }

    @Override
    public void onCheckpoint(long step, Path dir) {
        println(ProgressLines.checkpoint(step, dir));
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
    public Activity activity(String what) {
        return status.begin(what);
    }

    @Override
    public void onEnd(Map<String, Object> summary) {
        close();
        if (lastLog != null && mode == ProgressMode.PLAIN) {
            println(plainLine(lastLog));
        }
    }

    /** Prints a line on stderr; with the bar, on a line of its own above the bar. */
    void println(String s) {
        synchronized (out) {
            if (bar != null) {
                // One print call on the stream the bar draws on (PrintStream calls are atomic): clear the
                // bar's line, write the message; the bar redraws itself on the next line.
                terminal().print("\r\033[K" + s + System.lineSeparator());
                terminal().flush();
                return;
            }
            err.println(s);
            err.flush();
        }
    }

    /** The process's stderr, where the bar and status lines are drawn (what {@link ProgressMode} looked at). */
    private static PrintStream terminal() {
        return System.err;
    }

    /** The status of a slow phase: in the bar's message, on a line redrawn in place, or once as a log line. */
    private final class Display implements StatusLine.Display {
        @Override
        public void show(String text, boolean first) {
            ProgressBar b = bar;
            if (b != null) {
                b.setExtraMessage(" " + text);
            } else if (mode == ProgressMode.BAR) {
                synchronized (out) {
                    terminal().print("\r\033[K" + text);
                    terminal().flush();
                }
            } else if (first) {
                println(text);
            }
        }

        @Override
        public void clear() {
            ProgressBar b = bar;
            if (b != null) {
                b.setExtraMessage(barMessage);
            } else if (mode == ProgressMode.BAR) {
                synchronized (out) {
                    terminal().print("\r\033[K");
                    terminal().flush();
                }
            }
        }
    }

    @Override
    public void close() {
        status.close();
        ProgressBar b = bar;
        if (b != null) {
            b.close();
            bar = null;
        }
    }
}
