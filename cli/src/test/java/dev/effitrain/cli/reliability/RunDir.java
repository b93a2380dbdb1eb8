package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a run directory holds, read while (or after) a process trains into it. */
record RunDir(Path path) {

    Path checkpoints() {
        return path.resolve(CheckpointLayout.CHECKPOINTS_DIR);
    }

    Path checkpoint(long step) {
        return checkpoints().resolve(CheckpointLayout.dirName(step));
    }

    /** Names in checkpoints/, sorted (tolerates the directory changing while it is listed). */
    List<String> entries() {
        if (!Files.isDirectory(checkpoints())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpoints())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // listed while a rename happened: ask again
        }
    }

    List<String> stepDirs() {
        return entries().stream().filter(n -> n.startsWith("step-")).toList();
    }

    /** Unfinished checkpoints (a writer died or is writing): {@code .tmp-step-...}. */
    List<String> tmpDirs() {
        return entries().stream().filter(n -> n.startsWith(".tmp-step-")).toList();
    }

    OptionalLong newestStep() {
        List<String> dirs = stepDirs();
        return dirs.isEmpty() ? OptionalLong.empty()
                : dirs.stream().mapToLong(n -> Long.parseLong(n.substring("step-".length()))).max();
    }

    /** Every {@code step-*} directory passes the full check (sizes and SHA-256 against state.json). */
    void assertEveryCheckpointComplete(String context) {
        for (String name : stepDirs()) {
            try {
                CheckpointReader.verify(checkpoints().resolve(name));
            } catch (RuntimeException e) {
                throw new AssertionError(context + ": " + name + " looks like a checkpoint but is not complete: "
                        + e.getMessage(), e);
            }
        }
    }

    JsonObject summary() {
        try {
            return JsonParser.parseString(Files.readString(path.resolve("summary.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject state(long step) {
        try {
            return JsonParser.parseString(Files.readString(checkpoint(step).resolve("state.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** step → loss of the {@code train} lines of metrics.jsonl; a step logged twice fails the test. */
    Map<Long, Double> trainLosses() {
        Map<Long, Double> losses = new TreeMap<>();
        for (JsonObject o : events("train")) {
            long step = o.get("step").getAsLong();
            assertTrue(losses.put(step, o.get("loss").getAsDouble()) == null, path + ": step " + step + " logged twice");
        }
        return losses;
    }

    /** Lines of metrics.jsonl with this {@code event}; a line cut by a kill (unparseable) is not one. */
    List<JsonObject> events(String event) {
        List<JsonObject> out = new ArrayList<>();
        Path file = path.resolve("metrics.jsonl");
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    if (o.has("event") && o.get("event").getAsString().equals(event)) {
                        out.add(o);
                    }
                } catch (RuntimeException partial) {
                    // the last line of a killed writer
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The number of {@code train} lines logged so far. */
    int trainedSteps() {
        return events("train").size();
    }
}
