package dev.effitrain.core.metrics;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one strict JSON object per event to {@code metrics.jsonl}, flushed per line so a crash
 * loses nothing; NaN and infinities are null, named in the line's {@code "nonfinite"}.
 */
public final class MetricsLog implements MetricsSink {

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
            out.write(StrictJson.line(StrictJson.report(event)));
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
