package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path tmp;

    /** A run logging every 10 steps and evaluating every 50, with a stage boundary at step 100. */
    private Path run(String name, double speed, boolean stage) {
        RunFixture f = RunFixture.at(tmp.resolve("runs"), name);
        for (int step = 10; step <= 200; step += 10) {
            double loss = 4 * Math.exp(-speed * step / 100.0) + 1;
            f.line(String.format(Locale.ROOT, "{\"event\":\"train\",\"step\":%d,\"loss\":%.4f,\"flops\":%s,"
                    + "\"wall_s\":%s,\"tokens_per_s\":1000,\"step_ms\":64}", step, loss, step * 1e9, step * 0.05));
            if (step % 50 == 0) {
                f.eval(step, loss + 0.1);
            }
            if (stage && step == 100) {
                f.line("{\"event\":\"stage\",\"step\":100,\"name\":\"grow 3->6 layers\"}");
            }
        }
        return f.write();
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file + " is not a PNG");
        assertTrue(bytes.length > 10_000, file + " is suspiciously small: " + bytes.length + " bytes");
    }

    @Test
    void comparisonPlotsOnePngPerMetricAndAxis() throws IOException {
        List<Run> runs = RunReader.readAll(List.of(run("baseline", 1.0, false), run("progressive", 1.5, true)));
        Comparison c = Comparison.of(runs, null, null);
        Path out = tmp.resolve("out");
        PlotResult result = ComparisonPlots.write(c, out, List.of(XAxis.STEP, XAxis.FLOPS));
        assertEquals(List.of(out.resolve("val_loss-vs-step.png"), out.resolve("val_loss-vs-flops.png"),
                out.resolve("train_loss-vs-step.png"), out.resolve("train_loss-vs-flops.png")), result.written());
        assertTrue(result.skipped().isEmpty(), result.skipped().toString());
        for (Path p : result.written()) {
            assertPng(p);
        }
        try (var files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void aPlotNoRunCanDrawIsSkippedWithTheReason() {
        Path a = RunFixture.at(tmp, "a").train(10, 3, 1e9, 1).train(20, 2, 2e9, 2).write();
        PlotResult result = ComparisonPlots.write(Comparison.of(RunReader.readAll(List.of(a)), null, null),
                tmp.resolve("out"), List.of(XAxis.TOKENS));
        assertTrue(result.written().isEmpty());
        assertEquals(List.of("train_loss-vs-tokens: no run logged tokens (tokens, or tokens_per_s with step_ms)"),
                result.skipped());
    }

    @Test
    void aRunWithoutTheAxisCounterIsLeftOutOfThatPlotWithANote() throws IOException {
        Path withFlops = run("with-flops", 1.0, false);
        Path stepsOnly = RunFixture.at(tmp.resolve("runs"), "steps-only")
                .line("{\"event\":\"train\",\"step\":10,\"loss\":3}")
                .line("{\"event\":\"train\",\"step\":20,\"loss\":2}").write();
        Comparison c = Comparison.of(RunReader.readAll(List.of(withFlops, stepsOnly)), "train_loss", null);
        PlotResult result = ComparisonPlots.write(c, tmp.resolve("out"), List.of(XAxis.FLOPS));
        assertEquals(List.of(tmp.resolve("out/train_loss-vs-flops.png"), tmp.resolve("out/val_loss-vs-flops.png")),
                result.written());
        assertEquals(List.of("train_loss-vs-flops: steps-only left out, no FLOPs (flops) logged"), result.skipped());
        assertPng(result.written().get(0));
    }

    @Test
    void runPlotsWritesLossAgainstEveryAxisIntoThePlotsFolder() throws IOException {
        Path dir = run("gpt", 1.0, true);
        PlotResult result = RunPlots.write(dir);
        assertEquals(List.of("loss-vs-step.png", "loss-vs-flops.png", "loss-vs-time.png", "loss-vs-tokens.png"),
                result.written().stream().map(p -> p.getFileName().toString()).toList(), result.summary());
        for (Path p : result.written()) {
            assertEquals(dir.resolve("plots"), p.getParent());
            assertPng(p);
        }
        // called again at the next evaluation: files are replaced in place
        assertEquals(4, RunPlots.write(dir).written().size());
    }

    @Test
    void runPlotsDrawsAccuracyWhenTheRunHasIt() throws IOException {
        Path dir = RunFixture.at(tmp, "cls")
                .line("{\"event\":\"eval\",\"step\":10,\"val_loss\":1.5,\"val_acc\":0.4}")
                .line("{\"event\":\"eval\",\"step\":20,\"val_loss\":1.1,\"val_acc\":0.6}")
                .line("{\"event\":\"eval\",\"step\":30,\"val_loss\":0.9,\"val_acc\":0.7}").write();
        PlotResult result = RunPlots.write(dir);
        assertTrue(result.written().contains(dir.resolve("plots/accuracy-vs-step.png")), result.summary());
        assertPng(dir.resolve("plots/accuracy-vs-step.png"));
        assertTrue(result.skipped().contains("loss-vs-flops: the run logged no FLOPs (flops)"), result.summary());
    }

    @Test
    void runPlotsNeverThrowsForARunWithTooFewPointsOrNoRunAtAll() throws IOException {
        Path one = RunFixture.at(tmp, "young").train(10, 3, 1e9, 1).write();
        PlotResult result = RunPlots.write(one);
        assertTrue(result.written().isEmpty());
        assertTrue(result.skipped().contains("loss-vs-step: fewer than 2 logged points so far"), result.summary());
        assertFalse(Files.exists(one.resolve("plots/loss-vs-step.png")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        PlotResult none = RunPlots.write(empty);
        assertTrue(none.written().isEmpty());
        assertTrue(none.skipped().get(0).startsWith("plots not written: " + empty + " is not a run directory"),
                none.summary());
    }

    @Test
    void longCurvesAreThinnedKeepingTheLastPoint() {
        int n = 5001;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = -i;
        }
        ChartSpec.Line thin = PngChart.thinned(new ChartSpec.Line("l", x, y, 0));
        assertTrue(thin.points() <= PngChart.MAX_POINTS, "points: " + thin.points());
        assertEquals(5000, thin.x()[thin.points() - 1]);
        assertEquals(0, thin.x()[0]);
    }
}
