package dev.effitrain.core.train;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * libtorch's operator profiler over a window of training steps ({@code effitrain run --profile
 * 50:60}): writes {@code profile/trace.json} (Chrome trace: chrome://tracing or ui.perfetto.dev)
 * and {@code profile/ops.txt}, the operators ranked by self time (time not spent in child ops).
 */
public final class OpProfiler {
    private static final Logger LOG = LogManager.getLogger(OpProfiler.class);

    /** Steps {@code from} (exclusive: profiling starts after it) to {@code to} (inclusive). */
    public record Window(long from, long to) {
        public static Window parse(String text) {
            String[] parts = text.split(":", -1);
            try {
                if (parts.length == 2) {
                    long from = Long.parseLong(parts[0].trim());
                    long to = Long.parseLong(parts[1].trim());
                    if (from >= 0 && to > from) {
                        return new Window(from, to);
                    }
                }
            } catch (NumberFormatException ignored) {
                // fall through to the usage error
            }
            throw EffitrainException.usage("--profile '" + text + "': expected FROM:TO optimizer steps with 0 <= FROM < TO, e.g. 50:60");
        }

        public long steps() {
            return to - from;
        }
    }

    /** One operator's totals over the window. */
    public record OpTime(String name, long calls, double selfMs, double totalMs) {
    }

    private final Window window;
    private final Path dir;
    private boolean running;
    private long startNanos;

    public OpProfiler(Window window, Path runDir) {
        this.window = window;
        this.dir = runDir.resolve("profile");
    }

    /** Call with the number of completed steps before each step. */
    public void beforeStep(long completed) {
        if (!running && completed == window.from()) {
            JniUtils.startProfile(false, true, false);
            running = true;
            startNanos = System.nanoTime();
        }
    }

    /** Call with the number of completed steps after each step; returns true when it just finished. */
    public boolean afterStep(long completed) {
        if (running && completed >= window.to()) {
            finish();
            return true;
        }
        return false;
    }

    /**
     * Stops a profile still running (the run ended inside the window). Runs on the loop's way out,
     * so a profile that cannot be written is a warning, never the run's exit status.
     */
    public void close() {
        if (running) {
            try {
                finish();
            } catch (EffitrainException e) {
                LOG.warn(e.getMessage());
            }
        }
    }

    private void finish() {
        double wallMs = (System.nanoTime() - startNanos) / 1e6;
        running = false;
        try {
            Files.createDirectories(dir);
            Path trace = dir.resolve("trace.json");
            JniUtils.stopProfile(trace.toString());
            List<OpTime> ops = summarize(trace);
            Files.writeString(dir.resolve("ops.txt"), table(ops, wallMs, window.steps()));
        } catch (IOException e) {
            throw new EffitrainException(ExitCode.BAD_INPUT, "could not write the profile to " + dir + ": " + e.getMessage());
        }
    }

    /** One complete ("X") trace event; {@code self} starts at its duration and loses each child's. */
    private static final class Span {
        final String name;
        final double start;
        final double duration;
        double self;

        Span(String name, double start, double duration) {
            this.name = name;
            this.start = start;
            this.duration = duration;
            this.self = duration;
        }

        double end() {
            return start + duration;
        }
    }

    /** Per-operator calls, self and total time from a Chrome trace of complete ("X") events. */
    public static List<OpTime> summarize(Path trace) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(r);
        }
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<Span>> byThread = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("ph") || !"X".equals(o.get("ph").getAsString()) || !o.has("dur")) {
                continue;
            }
            String thread = o.has("tid") ? o.get("tid").getAsString() : "0";
            byThread.computeIfAbsent(thread, k -> new ArrayList<>()).add(
                    new Span(o.get("name").getAsString(), o.get("ts").getAsDouble(), o.get("dur").getAsDouble()));
        }
        Map<String, OpTime> totals = new HashMap<>();
        for (List<Span> spans : byThread.values()) {
            // parents before their children: by start, the longer first when two start together
            spans.sort(Comparator.<Span>comparingDouble(sp -> sp.start).thenComparingDouble(sp -> -sp.duration));
            Deque<Span> open = new ArrayDeque<>();
            for (Span sp : spans) {
                while (!open.isEmpty() && open.peek().end() <= sp.start) {
                    add(totals, open.pop());
                }
                if (!open.isEmpty()) {
                    open.peek().self -= sp.duration;
                }
                open.push(sp);
            }
            while (!open.isEmpty()) {
                add(totals, open.pop());
            }
        }
        List<OpTime> ops = new ArrayList<>(totals.values());
        ops.sort(Comparator.comparingDouble(OpTime::selfMs).reversed());
        return ops;
    }

    private static void add(Map<String, OpTime> totals, Span sp) {
        totals.merge(sp.name, new OpTime(sp.name, 1, Math.max(0, sp.self) / 1000, sp.duration / 1000),
                (a, b) -> new OpTime(a.name(), a.calls() + 1, a.selfMs() + b.selfMs(), a.totalMs() + b.totalMs()));
    }

    static String table(List<OpTime> ops, double wallMs, long steps) {
        double self = ops.stream().mapToDouble(OpTime::selfMs).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d steps profiled in %.1f ms (%.1f ms/step); operators account for %.1f ms/step of self time%n%n",
                steps, wallMs, wallMs / steps, self / steps));
        sb.append(String.format(Locale.ROOT, "%-44s %9s %12s %8s %12s%n", "operator", "calls", "self ms/step", "self %", "total ms/step"));
        for (OpTime op : ops.subList(0, Math.min(40, ops.size()))) {
            sb.append(String.format(Locale.ROOT, "%-44s %9d %12.2f %7.1f%% %12.2f%n", op.name(), op.calls(),
                    op.selfMs() / steps, 100 * op.selfMs() / Math.max(self, 1e-9), op.totalMs() / steps));
        }
        return sb.toString();
    }
}
