package dev.effitrain.core.metrics.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardSinkTest {
    @TempDir
    Path run;

    @Test
    void eventsBecomeScalarsAtTheirStepAndTime() throws Exception {
        try (TensorBoardSink sink = TensorBoardSink.open(run, run.resolve("metrics.jsonl"))) {
            sink.write(Map.of("event", "start", "step", 0L, "time", 100.0, "total_steps", 20L));
            sink.write(Map.of("event", "train", "step", 10L, "time", 101.5, "loss", 2.0, "lr", 0.01));
            sink.write(Map.of("event", "eval", "step", 10L, "time", 102.25, "val_loss", 1.75));
        }
        List<Path> files = EventFiles.in(run);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9.-]+\\.\\d+\\.0"),
                files.get(0).toString());
        DynamicMessage first = EventFiles.events(files.get(0)).get(0);
        assertEquals("brain.Event:2", first.getField(EventProtos.EVENT.findFieldByName("file_version")));
        Map<String, List<EventFiles.Point>> s = EventFiles.scalars(run);
        assertEquals(Map.of(
                "train/loss", List.of(new EventFiles.Point(10, 2.0f, 101.5)),
                "train/lr", List.of(new EventFiles.Point(10, 0.01f, 101.5)),
                "val/loss", List.of(new EventFiles.Point(10, 1.75f, 102.25))), s);
    }

    @Test
    void openingRebuildsTheEventsFromMetricsJsonlAndDropsOlderFiles() throws Exception {
        // an earlier attempt logged steps 10-40; the resume from step 20 truncated metrics.jsonl to step 20
        try (TensorBoardSink old = TensorBoardSink.open(run, run.resolve("metrics.jsonl"))) {
            for (long step = 10; step <= 40; step += 10) {
                old.write(Map.of("event", "train", "step", step, "time", 100.0 + step, "loss", 9.0));
            }
        }
        Files.writeString(run.resolve("metrics.jsonl"), """
                {"event":"start","step":0,"time":100.0,"total_steps":40}
                {"event":"train","step":10,"time":110.0,"loss":3.0,"grad_norm":NaN}
                {"event":"train","step":20,"time":120.0,"loss":2.0,"grad_norm":1.0}
                {"event":"train","step":30,"ti""");   // a line cut by the kill
        try (TensorBoardSink sink = TensorBoardSink.open(run, run.resolve("metrics.jsonl"))) {
            sink.write(Map.of("event", "train", "step", 30L, "time", 200.0, "loss", 1.0));
        }
        assertEquals(1, EventFiles.in(run).size());
        Map<String, List<EventFiles.Point>> s = EventFiles.scalars(run);
        assertEquals(List.of(new EventFiles.Point(10, 3.0f, 110.0), new EventFiles.Point(20, 2.0f, 120.0),
                new EventFiles.Point(30, 1.0f, 200.0)), s.get("train/loss"));
        assertTrue(Float.isNaN(s.get("train/grad_norm").get(0).value()));
    }
}
