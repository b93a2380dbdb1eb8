package dev.effitrain.core.metrics.tensorboard;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.metrics.MetricsSink;
import dev.effitrain.core.metrics.RunMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * TensorBoard scalars of a run, in one event file in the run directory. A run's event files are
 * rebuilt from metrics.jsonl when it (re)starts, so a resumed run shows exactly the history that
 * metrics.jsonl keeps (steps after the resumed checkpoint are gone from both), whichever TensorBoard
 * reader or W&B sync reads them.
 */
public final class TensorBoardSink implements MetricsSink {
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    private final EventFileWriter writer;

    private TensorBoardSink(EventFileWriter writer) {
        this.writer = writer;
    }

    /** Removes the run's earlier event files and writes a new one holding what {@code metricsJsonl} has so far. */
    public static TensorBoardSink open(Path runDir, Path metricsJsonl) {
        removeEventFiles(runDir);
        TensorBoardSink sink = new TensorBoardSink(EventFileWriter.create(runDir));
        try {
            sink.replay(metricsJsonl);
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    @Override
    public void write(Map<String, Object> event) {
        Map<String, Double> scalars = ScalarTags.of(event);
        if (!scalars.isEmpty() && event.get("step") instanceof Number step) {
            double time = event.get(RunMetrics.TIME) instanceof Number t ? t.doubleValue() : System.currentTimeMillis() / 1e3;
            writer.scalars(step.longValue(), time, scalars);
        }
    }

    private void replay(Path metricsJsonl) {
        if (!Files.isRegularFile(metricsJsonl)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(metricsJsonl, StandardCharsets.UTF_8)) {
                Map<String, Object> event = parse(line);
                if (event != null) {
                    write(event);
                }
            }
        } catch (IOException e) {
            throw EffitrainException.badInput(metricsJsonl + ": cannot read to rebuild TensorBoard events ("
                    + e.getMessage() + ")");
        }
    }

    /** A metrics.jsonl line as field to value (numbers as Double, NaN and infinities included); null if cut by a crash. */
    private static Map<String, Object> parse(String line) {
        JsonElement e;
        try {
            e = JsonParser.parseString(line);
        } catch (JsonParseException malformed) {
            return null;
        }
        if (!e.isJsonObject()) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : e.getAsJsonObject().entrySet()) {
            if (field.getValue().isJsonPrimitive()) {
                event.put(field.getKey(), value(field.getValue().getAsJsonPrimitive()));
            }
        }
        return event;
    }

    /** Gson reads the bare NaN and Infinity that metrics.jsonl holds for non-finite numbers as strings. */
    private static Object value(JsonPrimitive p) {
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        String s = p.getAsString();
        return NON_FINITE.contains(s) ? Double.parseDouble(s) : s;
    }

    private static void removeEventFiles(Path runDir) {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(runDir, EventFileWriter.PREFIX + "*")) {
            for (Path f : old) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw EffitrainException.badInput(runDir + ": cannot replace TensorBoard event files (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
