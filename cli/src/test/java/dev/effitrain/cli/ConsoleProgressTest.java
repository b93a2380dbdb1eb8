package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain mode (what a log or CI gets): lines, no ANSI escapes. */
class ConsoleProgressTest {

    @Test
    void plainModeWritesProgressCheckpointsAndSlowPhasesAsLines() throws Exception {
        StringWriter text = new StringWriter();
        try (ConsoleProgress p = new ConsoleProgress(new PrintWriter(text, true), ProgressMode.PLAIN, Duration.ZERO)) {
            p.onStart("GPT 1 layer", 0, 20);
            p.onStep(10, 20, 2.5, 1e-3);
            p.onLog(train(10));
            try (var busy = p.activity("evaluating at step 10")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!text.toString().contains("evaluating at step 10 ...") && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
            p.onEval(10, Map.of("val_loss", 2.0));
            p.onCheckpoint(10, Path.of("run/checkpoints/step-000010"));
            p.onEnd(Map.of());
        }
        String out = text.toString();
        String[] lines = out.split("\n");
        assertEquals("GPT 1 layer", lines[0]);
        assertTrue(lines[1].startsWith("evaluating at step 10 ... 0s"), out);
        assertEquals("eval @ step 10:  val_loss 2.0000", lines[2]);
        assertEquals("checkpoint @ step 10: run/checkpoints/step-000010", lines[3]);
        assertTrue(lines[4].matches("step 10/20 \\(50%\\) eta \\d+:\\d\\d:\\d\\d  loss 2\\.5000  .*"), out);
        assertEquals(5, lines.length, out);
        assertFalse(out.contains("\033") || out.contains("\r"), "no terminal control in plain mode: " + out);
    }

    private static Map<String, Object> train(long step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "train");
        m.put("step", step);
        m.put("loss", 2.5);
        m.put("tokens_per_s", 1000.0);
        return m;
    }
}
