package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bar mode, drawn into a captured stderr. */
class ConsoleProgressBarTest {

    @Test
    void theBarShowsStepsEtaLossAndTokensAndNeverOpensJLine() throws Exception {
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(drawn, true, StandardCharsets.UTF_8));
        try (ConsoleProgress p = new ConsoleProgress(new PrintWriter(new StringWriter(), true), ProgressMode.BAR)) {
            p.onStart("GPT", 0, 10);
            p.onStep(1, 10, 3.0, 1e-3);
            p.onLog(Map.of("event", "train", "step", 1L, "loss", 3.0, "tokens_per_s", 12345.0));
            p.onStep(3, 10, 2.5, 1e-3);
            p.onCheckpoint(3, Path.of("run/checkpoints/step-000003"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!drawn.toString(StandardCharsets.UTF_8).contains("3/10 steps") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // progressbar's JLine terminal resets SIGINT to the default action when it opens: Ctrl-C would
            // kill the run instead of checkpointing it (TerminalWidth asks stty instead). The library
            // closes it with the bar, so look while the bar is up.
            Field terminal = Class.forName("me.tongfei.progressbar.TerminalUtils").getDeclaredField("terminal");
            terminal.setAccessible(true);
            assertNull(terminal.get(null), "progressbar opened a JLine terminal");
            p.onEnd(Map.of());
        } finally {
            System.setErr(stderr);
        }
        String out = drawn.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("3/10 steps"), out);
        assertTrue(out.matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), "elapsed / ETA: " + out);
        assertTrue(out.contains("loss 2.5000  12,345 tok/s"), out);
        assertTrue(out.contains("\r\033[Kcheckpoint @ step 3: run/checkpoints/step-000003"), out);
    }
}
