package dev.effitrain.core.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads run directories. A directory holding none of the files `effitrain run` writes is a usage
 * error (exit 2) whose message lists what was expected and what was found; an unreadable
 * summary.json is bad input (exit 3). A run without summary.json is read as unfinished, with a note.
 */
public final class RunReader {

    public static final String SUMMARY = "summary.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String RECIPE = "recipe.yaml";

    private RunReader() {
    }

    /** Reads every directory; labels are the directory names, made unique where two coincide. */
    public static List<Run> readAll(List<Path> dirs) {
        List<Run> runs = new ArrayList<>();
        for (Path dir : dirs) {
            runs.add(read(dir));
        }
        return uniqueLabels(runs);
    }

    public static Run read(Path dir) {
        requireRunDirectory(dir);
        String label = labelOf(dir);
        List<String> notes = new ArrayList<>();
        RunSummary summary = readSummary(dir.resolve(SUMMARY));
        Path metricsFile = dir.resolve(METRICS);
        MetricsLog log = Files.isRegularFile(metricsFile) ? MetricsLogReader.read(metricsFile) : MetricsLog.empty();
        notes.addAll(log.notes());
        if (summary == null) {
            notes.add(unfinishedNote(log));
        } else {
            if (!Files.isRegularFile(metricsFile)) {
                notes.add("no " + METRICS + ", so no curves and no time to target");
            }
            if (summary.status() != null && !summary.status().equals("completed")) {
                notes.add("status " + summary.status()
                        + (summary.exitCode().isPresent() ? " (exit " + summary.exitCode().getAsLong() + ")" : ""));
            }
        }
        return new Run(dir, label, summary, log, notes);
    }

    private static void requireRunDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw EffitrainException.usage(dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            throw EffitrainException.usage(dir + " is a file, not a run directory"
                    + (parent == null ? "" : " (did you mean " + parent + "?)"));
        }
        if (isRun(dir)) {
            return;
        }
        StringBuilder msg = new StringBuilder(dir + " is not a run directory: expected " + RECIPE + ", "
                + METRICS + " and (once the run ends) " + SUMMARY + ", as written by `effitrain run`");
        List<Path> inside = list(dir);
        List<String> runsInside = inside.stream().filter(RunReader::isRun).map(Path::toString).toList();
        if (!runsInside.isEmpty()) {
            msg.append("; it holds runs: ").append(shortJoin(runsInside)).append(" (pass those)");
        } else if (inside.isEmpty()) {
            msg.append("; it is empty");
        } else {
            msg.append("; found: ").append(shortJoin(inside.stream()
                    .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList()));
        }
        throw EffitrainException.usage(msg.toString());
    }

    private static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && (Files.isRegularFile(dir.resolve(METRICS))
                || Files.isRegularFile(dir.resolve(SUMMARY)) || Files.isRegularFile(dir.resolve(RECIPE)));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw EffitrainException.badInput(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static RunSummary readSummary(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw EffitrainException.badInput(file + ": expected a JSON object");
            }
            return RunSummary.from(e.getAsJsonObject());
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw EffitrainException.badInput(file + ": not valid JSON (" + rootMessage(e) + ")", e);
        }
    }

    private static String unfinishedNote(MetricsLog log) {
        String head = "no " + SUMMARY + " (still running, or stopped without finishing)";
        if (log.lastStep().isEmpty()) {
            return head + "; nothing logged yet";
        }
        String of = log.totalSteps().isPresent() ? " of " + log.totalSteps().getAsLong() : "";
        return head + "; figures are from " + METRICS + " up to step " + log.lastStep().getAsLong() + of;
    }

    private static String labelOf(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    private static List<Run> uniqueLabels(List<Run> runs) {
        Map<String, Integer> seen = new HashMap<>();
        for (Run r : runs) {
            seen.merge(r.label(), 1, Integer::sum);
        }
        Map<String, Integer> used = new HashMap<>();
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (seen.get(r.label()) == 1) {
                out.add(r);
            } else {
                int n = used.merge(r.label(), 1, Integer::sum);
                out.add(r.relabelled(r.label() + "#" + n));
            }
        }
        return out;
    }

    private static String shortJoin(List<String> items) {
        int shown = Math.min(items.size(), 6);
        String joined = String.join(", ", items.subList(0, shown));
        return items.size() > shown ? joined + ", ... (" + items.size() + " in all)" : joined;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
