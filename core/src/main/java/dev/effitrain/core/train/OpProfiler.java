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

/**
 * libtorch's operator profiler over a window of training steps ({@code effitrain run --profile
 * 50:60}): writes {@code profile/trace.json} (Chrome trace: chrome://tracing or ui.perfetto.dev)
 * and {@code profile/ops.txt}, the operators ranked by self time (time not spent in child ops).
 */
public final class OpProfiler {

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

    /** Stops a profile still running (the run ended inside the window). */
    public void close() {
        if (running) {
            finish();
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

    /** Per-operator calls, self and total time from a Chrome trace of complete ("X") events. */
    public static List<OpTime> summarize(Path trace) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(r);
        }
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("ph") || !"X".equals(o.get("ph").getAsString()) || !o.has("dur")) {
                continue;
            }
            names.add(o.get("name").getAsString());
            String thread = o.has("tid") ? o.get("tid").getAsString() : "0";
            byThread.computeIfAbsent(thread, k -> new ArrayList<>())
                    .add(new double[] {o.get("ts").getAsDouble(), o.get("dur").getAsDouble(), names.size() - 1});
        }
        Map<String, double[]> totals = new HashMap<>();   // calls, self us, total us
        for (List<double[]> list : byThread.values()) {
            list.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> -a[1]));
            Deque<double[]> open = new ArrayDeque<>();    // ts, end, self remaining, name index
            for (double[] ev : list) {
                while (!open.isEmpty() && open.peek()[1] <= ev[0]) {
                    close(open.pop(), names, totals);
                }
                if (!open.isEmpty()) {
                    open.peek()[2] -= ev[1];
                }
                open.push(new double[] {ev[0], ev[0] + ev[1], ev[1], ev[2], ev[1]});
            }
            while (!open.isEmpty()) {
                close(open.pop(), names, totals);
            }
        }
        List<OpTime> ops = new ArrayList<>();
        totals.forEach((name, t) -> ops.add(new OpTime(name, (long) t[0], t[1] / 1000, t[2] / 1000)));
        ops.sort(Comparator.comparingDouble(OpTime::selfMs).reversed());
        return ops;
    }

    private static void close(double[] ev, List<String> names, Map<String, double[]> totals) {
        double[] t = totals.computeIfAbsent(names.get((int) ev[3]), k -> new double[3]);
        t[0]++;
        t[1] += Math.max(0, ev[2]);
        t[2] += ev[4];
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
