package dev.effitrain.core.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.metrics.RunMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads metrics.jsonl. A truncated last line (the writer was killed mid-line) is ignored with a
 * note; so are unreadable lines elsewhere, which a crash followed by a resume can leave behind. A
 * file in which no line is a JSON object is not a metrics log: exit 3.
 */
public final class MetricsLogReader {

    private static final Set<String> NOT_SERIES = Set.of("event", "step", RunMetrics.TIME);

    private MetricsLogReader() {
    }

    public static MetricsLog read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw EffitrainException.badInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(file.toString(), text);
    }

    static MetricsLog parse(String fileName, String text) {
        MetricsLog.Builder log = new MetricsLog.Builder();
        String[] lines = text.split("\n", -1);
        // split leaves "" after a final newline; a non-empty last piece was never terminated
        boolean lastUnterminated = !lines[lines.length - 1].isEmpty();
        List<Integer> badLines = new ArrayList<>();
        int objects = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonObject o = parseObject(line);
            if (o == null) {
                boolean truncatedTail = i == lines.length - 1 && lastUnterminated;
                if (truncatedTail) {
                    log.note(shortName(fileName) + ": last line " + (i + 1) + " is incomplete (the run stopped mid-write); ignored");
                } else {
                    badLines.add(i + 1);
                }
                continue;
            }
            objects++;
            accept(o, log);
        }
        if (objects == 0 && !badLines.isEmpty()) {
            throw EffitrainException.badInput(fileName + ": not a metrics log; line " + badLines.get(0)
                    + " is not a JSON object (expected one object per line, as `effitrain run` writes)");
        }
        if (!badLines.isEmpty()) {
            log.note(shortName(fileName) + ": skipped " + badLines.size() + " unreadable line(s) " + shortList(badLines));
        }
        return log.build();
    }

    private static JsonObject parseObject(String line) {
        try {
            JsonElement e = JsonParser.parseString(line);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | IllegalStateException e) {
            return null;
        }
    }

    private static void accept(JsonObject o, MetricsLog.Builder log) {
        String event = Json.string(o, "event");
        OptionalLong step = Json.integer(o, "step");
        if (event == null) {
            return;
        }
        switch (event) {
            case "start" -> log.start(Json.integer(o, "total_steps"), Json.integer(o, "params"));
            case "train" -> step.ifPresent(s -> addFields(o, s, false, log));
            case "eval" -> step.ifPresent(s -> addFields(o, s, true, log));
            case "stage" -> step.ifPresent(s -> log.addStage(s, stageName(o)));
            default -> {
                // other events (checkpoints, future additions) carry nothing we plot
            }
        }
    }

    private static void addFields(JsonObject o, long step, boolean eval, MetricsLog.Builder log) {
        for (Map.Entry<String, JsonElement> field : o.entrySet()) {
            String key = field.getKey();
            if (NOT_SERIES.contains(key) || !field.getValue().isJsonPrimitive()) {
                continue;
            }
            var value = Json.number(field.getValue().getAsJsonPrimitive());
            if (value.isEmpty()) {
                continue;
            }
            if (eval) {
                log.addEval(key, step, value.getAsDouble());
            } else {
                log.add(key.equals("loss") ? MetricInfo.TRAIN_LOSS : key, step, value.getAsDouble());
            }
        }
    }

    private static String shortName(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1);
    }

    private static String stageName(JsonObject o) {
        String name = Json.string(o, "name");
        return name == null ? "stage" : name;
    }

    private static String shortList(List<Integer> lines) {
        if (lines.size() == 1) {
            return "(line " + lines.get(0) + ")";
        }
        if (lines.size() <= 5) {
            return "(lines " + join(lines) + ")";
        }
        return "(lines " + join(lines.subList(0, 5)) + ", ...)";
    }

    private static String join(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(x);
        }
        return sb.toString();
    }
}
