package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {

    @TempDir
    Path tmp;
    private Path base;
    private Path fast;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void runs() throws IOException {
        base = run("base", 1.0, true);
        fast = run("fast", 0.5, true);
    }

    /** Eval every 100 of 300 steps; {@code cost} scales FLOPs and seconds per step. */
    private Path run(String name, double cost, boolean finished) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("runs").resolve(name));
        StringBuilder m = new StringBuilder("{\"event\":\"start\",\"step\":0,\"total_steps\":300,\"params\":1000}\n");
        for (int step = 100; step <= 300; step += 100) {
            double loss = 3.5 - step / 200.0 * (cost < 1 ? 1.2 : 1.0);
            m.append(String.format(Locale.ROOT, "{\"event\":\"train\",\"step\":%d,\"loss\":%.3f,\"flops\":%s,"
                    + "\"wall_s\":%s,\"peak_rss_mb\":200,\"optimizer_state_bytes\":8192}%n", step, loss,
                    step * 1e9 * cost, step * 0.1 * cost));
            m.append(String.format(Locale.ROOT, "{\"event\":\"eval\",\"step\":%d,\"val_loss\":%.3f}%n", step, loss + 0.1));
        }
        Files.writeString(dir.resolve("metrics.jsonl"), m);
        Files.writeString(dir.resolve("recipe.yaml"), "name: " + name + "\n");
        if (finished) {
            Files.writeString(dir.resolve("summary.json"), String.format(Locale.ROOT,
                    "{\"name\":\"%s\",\"status\":\"completed\",\"exit_code\":0,\"steps\":300,\"total_steps\":300,"
                            + "\"wall_s\":%s,\"flops\":%s}", name, 30 * cost, 3e11 * cost));
        }
        return dir;
    }

    private int compare(String... args) {
        CommandLine cl = new CommandLine(new CompareCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void printsTheTableWithTimeToTarget() {
        assertEquals(0, compare(base.toString(), fast.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("Comparing on val_loss (lower is better); target val_loss <= 2.100"), text);
        assertTrue(text.contains("steps to target  time to target  FLOPs to target"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("fast +completed +300 .*")), text);
        assertTrue(text.contains("Relative to base:"), text);
        assertTrue(text.contains("(add --out DIR for plots and a markdown report)"), text);
        assertEquals("", err.toString());
    }

    @Test
    void withOutWritesPlotsAndAMarkdownReport() throws IOException {
        Path dir = tmp.resolve("cmp");
        assertEquals(0, compare(base.toString(), fast.toString(), "--out", dir.toString(), "--x", "step,flops"),
                err.toString());
        for (String png : new String[] {"val_loss-vs-step.png", "val_loss-vs-flops.png", "train_loss-vs-step.png"}) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), png);
            assertTrue(bytes.length > 10_000, png + ": " + bytes.length + " bytes");
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.startsWith("# effitrain compare\n"), report);
        assertTrue(report.contains("![val_loss vs flops](val_loss-vs-flops.png)"), report);
        assertTrue(report.contains("Produced by `effitrain compare " + base + " " + fast + " --out " + dir), report);
        assertTrue(out.toString().contains("Wrote 4 plot(s) and report.md to " + dir), out.toString());
    }

    @Test
    void jsonIsMachineReadable() {
        assertEquals(0, compare("--json", "--metric", "val_loss", "--target", "2.5", base.toString(), fast.toString()));
        JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(2.5, o.get("target").getAsDouble(), 1e-12);
        assertEquals("fast", o.getAsJsonArray("runs").get(1).getAsJsonObject().get("label").getAsString());
        assertTrue(o.getAsJsonArray("runs").get(1).getAsJsonObject().getAsJsonObject("to_target")
                .get("reached").getAsBoolean());
    }

    @Test
    void markdownGoesToStdout() {
        assertEquals(0, compare("--markdown", base.toString(), fast.toString()));
        assertTrue(out.toString().contains("| run | status | steps | val_loss | train_loss |"), out.toString());
    }

    @Test
    void anUnfinishedRunIsComparedWithANote() throws IOException {
        Path live = run("live", 0.5, false);
        assertEquals(0, compare(base.toString(), live.toString()), err.toString());
        assertTrue(out.toString().contains("live: no summary.json (still running, or stopped without finishing);"
                + " figures are from metrics.jsonl up to step 300 of 300"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("live +unfinished +300 .*")), out.toString());
    }

    @Test
    void aDirectoryThatIsNotARunExitsTwoWithWhatWasExpected() throws IOException {
        Path notRun = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notRun.resolve("todo.txt"), "x");
        assertEquals(2, compare(base.toString(), notRun.toString()));
        assertEquals("effitrain compare: " + notRun + " is not a run directory: expected recipe.yaml, metrics.jsonl"
                + " and (once the run ends) summary.json, as written by `effitrain run`; found: todo.txt\n",
                err.toString().replace(System.lineSeparator(), "\n"));
        assertEquals("", out.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, compare("--metric", "val_bleu", base.toString()));
        assertTrue(err.toString().contains("no run has the metric 'val_bleu'; the runs have: train_loss, val_loss"),
                err.toString());
        assertEquals(2, compare("--x", "epochs", base.toString()));
        assertTrue(err.toString().contains("unknown x axis 'epochs'; expected one of step, flops, time, tokens"),
                err.toString());
        assertEquals(2, compare("--json", "--markdown", base.toString()));
        assertEquals(2, compare());
    }

    @Test
    void aCorruptSummaryExitsThree() throws IOException {
        Files.writeString(fast.resolve("summary.json"), "{\"status\":");
        assertEquals(3, compare(base.toString(), fast.toString()));
        assertTrue(err.toString().contains(fast.resolve("summary.json") + ": not valid JSON"), err.toString());
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(0, compare("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
        assertTrue(out.toString().contains("--x=AXIS[,AXIS...]"), out.toString());
    }

    /** Through the real command tree: one exit-code table, and the command named once in the report. */
    @Test
    void asASubcommandTheHelpHasOneExitCodeTableAndTheReportNamesTheCommandOnce() {
        CliTest.Result help = CliTest.exec("compare", "--help");
        assertEquals(0, help.code());
        assertEquals(1, help.out().split("Exit codes:", -1).length - 1, help.out());
        CliTest.Result md = CliTest.exec("compare", base.toString(), fast.toString(), "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("Produced by `effitrain compare " + base + " " + fast + " --markdown`"), md.out());
        assertFalse(md.out().contains("compare compare"), md.out());
    }
}
