package dev.effitrain.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.metrics.tensorboard.EventFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMetricsTest {
    @TempDir
    Path run;

    @Test
    void timeFollowsTheStepInSecondsSinceTheEpochWithMilliseconds() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "train");
        e.put("step", 10L);
        e.put("loss", 2.0);
        Map<String, Object> stamped = RunMetrics.stamp(e, 1_764_859_475_123L);
        assertEquals(List.of("event", "step", "time", "loss"), List.copyOf(stamped.keySet()));
        assertEquals("1764859475.123", stamped.get("time").toString());
        Map<String, Object> noStep = new LinkedHashMap<>();
        noStep.put("event", "stop");
        noStep.put("x", 1);
        assertEquals(List.of("event", "time", "x"), List.copyOf(RunMetrics.stamp(noStep, 0).keySet()));
    }

    @Test
    void everyJsonlLineCarriesItsTimeAndTensorBoardGetsTheSameEvents() throws Exception {
        double before = System.currentTimeMillis() / 1e3;
        try (RunMetrics m = RunMetrics.open(run, true)) {
            m.write(new LinkedHashMap<>(Map.of("event", "start", "step", 0L)));
            m.write(new LinkedHashMap<>(Map.of("event", "train", "step", 1L, "loss", 3.0)));
        }
        double after = System.currentTimeMillis() / 1e3;
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertTrue(line.matches(".*\"time\":\\d{10}\\.\\d{1,3}[,}].*"), "plain decimal seconds: " + line);
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            double t = o.get("time").getAsDouble();
            assertTrue(t >= before - 0.001 && t <= after + 0.001, line);
        }
        double lineTime = JsonParser.parseString(lines.get(1)).getAsJsonObject().get("time").getAsDouble();
        EventFiles.Point p = EventFiles.scalars(run).get("train/loss").get(0);
        assertEquals(new EventFiles.Point(1, 3.0f, lineTime), p);
    }

    @Test
    void withoutTensorBoardOnlyMetricsJsonlIsWritten() throws Exception {
        try (RunMetrics m = RunMetrics.open(run, false)) {
            m.write(new LinkedHashMap<>(Map.of("event", "train", "step", 1L, "loss", 3.0)));
        }
        assertEquals(List.of(), EventFiles.in(run));
        assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }
}
