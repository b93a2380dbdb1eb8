package dev.effitrain.core.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.effitrain.core.EffitrainException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Appends one JSON object per event to {@code metrics.jsonl}, flushed per line so a crash loses nothing. */
public final class MetricsLog implements MetricsSink {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;
    private final BufferedWriter out;

    public MetricsLog(Path file) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write metrics (" + e.getMessage() + ")");
        }
    }

    @Override
    public void write(Map<String, Object> event) {
        try {
            out.write(GSON.toJson(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write metrics (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // best effort at shutdown; every line was already flushed
        }
    }
}
