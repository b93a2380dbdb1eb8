package dev.effitrain.core.metrics.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our event files as Python reads them (src/test/resources/tensorboard/read_events.py): with
 * TensorBoard's EventAccumulator when a python with the {@code tensorboard} package is found, and
 * with an independent TFRecord + protobuf reader when one with {@code protobuf} is (Debian:
 * {@code apt-get install python3-protobuf}). Pythons tried: {@code $EFFITRAIN_PYTHON},
 * {@code python3}, {@code /usr/bin/python3}. Each check skips, saying why, when no python has its
 * package.
 */
class TensorBoardConformanceTest {
    @TempDir
    Path run;

    private final Map<String, List<EventFiles.Point>> written = new LinkedHashMap<>();

    @BeforeEach
    void writeARun() {
        try (TensorBoardSink sink = TensorBoardSink.open(run, run.resolve("metrics.jsonl"))) {
            for (long step = 1; step <= 5; step++) {
                double time = 1764859475.125 + step;
                float loss = 5f / step;
                sink.write(Map.of("event", "train", "step", step, "time", time, "loss", (double) loss, "mfu", 0.25));
                written.computeIfAbsent("train/loss", t -> new ArrayList<>()).add(new EventFiles.Point(step, loss, time));
                written.computeIfAbsent("throughput/mfu", t -> new ArrayList<>()).add(new EventFiles.Point(step, 0.25f, time));
            }
            sink.write(Map.of("event", "eval", "step", 5L, "time", 1764859490.5, "val_acc", 0.875));
            written.put("val/acc", List.of(new EventFiles.Point(5, 0.875f, 1764859490.5)));
        }
    }

    @Test
    void tensorboardsEventAccumulatorReadsEveryScalar() throws Exception {
        Optional<String> python = pythonWith("tensorboard");
        assumeTrue(python.isPresent(), "no python with the tensorboard package (pip install tensorboard; "
                + "or set EFFITRAIN_PYTHON): EventAccumulator check skipped");
        assertEquals(written, read(python.get(), "tensorboard"));
    }

    @Test
    void anIndependentProtobufReaderReadsEveryScalar() throws Exception {
        Optional<String> python = pythonWith("google.protobuf");
        assumeTrue(python.isPresent(), "no python with the protobuf package (apt-get install python3-protobuf; "
                + "or set EFFITRAIN_PYTHON): independent reader check skipped");
        assertEquals(written, read(python.get(), "protobuf"));
    }

    private Map<String, List<EventFiles.Point>> read(String python, String mode) throws Exception {
        Path script = run.resolveSibling(run.getFileName() + "-read_events.py");
        try (var in = getClass().getResourceAsStream("/tensorboard/read_events.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(python, script.toString(), mode, run.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "read_events.py " + mode + " failed:\n" + err);
        JsonObject o = JsonParser.parseString(out).getAsJsonObject();
        Map<String, List<EventFiles.Point>> back = new LinkedHashMap<>();
        for (String tag : written.keySet()) {
            List<EventFiles.Point> points = new ArrayList<>();
            for (var e : o.getAsJsonArray(tag)) {
                JsonArray a = e.getAsJsonArray();
                points.add(new EventFiles.Point(a.get(0).getAsLong(), a.get(1).getAsFloat(), a.get(2).getAsDouble()));
            }
            back.put(tag, points);
        }
        assertEquals(written.keySet(), o.keySet(), "tags " + mode + " found");
        return back;
    }

    /** The first python that imports {@code module}. */
    static Optional<String> pythonWith(String module) {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("EFFITRAIN_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
                p.destroyForcibly();
            } catch (java.io.IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
