package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    private static final double EPS = 1e-6;

    @TempDir
    Path tmp;
    private Path base;
    private Path fast;

    /** base: 1e9 FLOPs and 0.1 s per step; fast: half the FLOPs and time per step, and a lower loss. */
    @BeforeEach
    void twoRuns() {
        base = RunFixture.at(tmp, "base")
                .train(100, 3.1, 1e11, 10).eval(100, 3.0)
                .train(200, 2.6, 2e11, 20).eval(200, 2.5)
                .train(300, 2.3, 3e11, 30).eval(300, 2.2)
                .completed(300, 30, 3e11, 2.2).write();
        fast = RunFixture.at(tmp, "fast")
                .train(100, 2.9, 0.5e11, 5).eval(100, 2.8)
                .train(200, 2.4, 1e11, 10).eval(200, 2.3)
                .train(300, 2.1, 1.5e11, 15).eval(300, 2.0)
                .completed(300, 15, 1.5e11, 2.0).write();
    }

    @Test
    void defaultTargetIsTheWorstFinalValueAndEachRunsCostIsInterpolated() {
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast)), null, null);
        assertEquals("val_loss", c.metric());
        assertEquals(2.2, c.target(), EPS);
        assertEquals("the worst final value among the runs (base)", c.targetSource());

        TargetHit b = c.rows().get(0).hit().orElseThrow();
        assertEquals(300, b.step(), EPS);
        assertEquals(30, b.wallS(), EPS);
        assertEquals(3e11, b.flops(), 1);

        // fast crosses 2.2 a third of the way from step 200 (2.3) to step 300 (2.0)
        TargetHit f = c.rows().get(1).hit().orElseThrow();
        assertEquals(700.0 / 3, f.step(), EPS);
        assertEquals(35.0 / 3, f.wallS(), EPS);
        assertEquals(3.5e11 / 3, f.flops(), 1);
        assertEquals(List.of("val_loss", "train_loss", "val_ppl"), c.tableMetrics());
        assertEquals(2.0, c.rows().get(1).finals().get("val_loss"), EPS);
        assertTrue(c.notes().isEmpty(), c.notes().toString());
    }

    @Test
    void tablesShowFiguresAndRatiosToTheFirstRun() {
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast)), null, null);
        String text = ComparisonText.terminal(c);
        assertTrue(text.startsWith("Comparing on val_loss (lower is better); target val_loss <= 2.200, the worst final"
                + " value among the runs (base).\n"), text);
        String[] lines = ComparisonTables.figures(c).toTerminal().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("run   status     steps  val_loss  train_loss  val_ppl  wall time"), lines[0]);
        assertTrue(lines[1].matches("[- ]+"));
        assertTrue(lines[3].startsWith("fast  completed    300     2.000       2.100    7.389     15.0 s  150 GFLOP"),
                lines[3]);
        assertTrue(lines[3].matches(".* 4.00 KiB +233 +11.7 s +117 GFLOP"), lines[3]);
        String rel = ComparisonTables.relative(c).orElseThrow().toTerminal();
        assertTrue(rel.lines().anyMatch(l -> l.matches("base +1.00x +1.00x +1.00x +1.00x +1.00x +1.00x")), rel);
        // time and FLOPs to target: (35/3) / 30; steps: (700/3) / 300; wall time: 15 / 30
        assertTrue(rel.lines().anyMatch(l -> l.matches("fast +0.39x +0.39x +0.78x +0.50x +1.00x +1.00x")), rel);
        assertTrue(text.contains("\nRelative to base:\n"), text);
    }

    @Test
    void markdownHasAnAlignedTableAndLinksPlotsRelativeToTheReport() {
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast)), null, null);
        String md = ComparisonText.markdown(c, List.of(tmp.resolve("out/val_loss-vs-flops.png")), tmp.resolve("out"),
                "effitrain compare base fast");
        assertTrue(md.contains("| run | status | steps | val_loss |"), md);
        assertTrue(md.contains("|---|---|---:|---:|"), md);
        assertTrue(md.contains("| fast | completed | 300 | 2.000 |"), md);
        assertTrue(md.contains("![val_loss vs flops](val_loss-vs-flops.png)"), md);
        assertTrue(md.contains("Produced by `effitrain compare base fast`."), md);
    }

    @Test
    void aGivenTargetThatARunNeverReachesIsReportedAsNotReached() {
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast)), "val_loss", 2.1);
        assertTrue(c.rows().get(0).hit().isEmpty());
        assertEquals(800.0 / 3, c.rows().get(1).hit().orElseThrow().step(), EPS);
        String table = ComparisonTables.figures(c).toTerminal();
        assertTrue(table.lines().anyMatch(l -> l.matches("base .* not reached +not reached +not reached")), table);
        String rel = ComparisonTables.relative(c).orElseThrow().toTerminal();
        assertTrue(rel.lines().anyMatch(l -> l.matches("fast +- +- +- .*")), "no ratio to a baseline that never got there");
    }

    @Test
    void accuracyIsComparedUpwards() {
        Path a = RunFixture.at(tmp, "cls-a").line("{\"event\":\"eval\",\"step\":10,\"val_loss\":1,\"val_acc\":0.5}")
                .line("{\"event\":\"eval\",\"step\":20,\"val_loss\":0.8,\"val_acc\":0.7}").write();
        Path b = RunFixture.at(tmp, "cls-b").line("{\"event\":\"eval\",\"step\":10,\"val_loss\":1,\"val_acc\":0.6}")
                .line("{\"event\":\"eval\",\"step\":20,\"val_loss\":0.7,\"val_acc\":0.9}").write();
        Comparison c = Comparison.of(RunReader.readAll(List.of(a, b)), "val_acc", null);
        assertTrue(c.higherIsBetter());
        assertEquals(0.7, c.target(), EPS);
        assertEquals(40.0 / 3, c.rows().get(1).hit().orElseThrow().step(), EPS);
        assertEquals(List.of("val_acc", "val_loss"), c.plotMetrics());
    }

    @Test
    void runsWithDifferentMetricsCompareWhatTheyShareAndSayWhatWasLeftOut() {
        Path cls = RunFixture.at(tmp, "cls")
                .line("{\"event\":\"train\",\"step\":100,\"loss\":2.0}")
                .line("{\"event\":\"eval\",\"step\":100,\"val_loss\":2.1,\"val_acc\":0.6}").write();
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast, cls)), null, null);
        assertEquals(List.of("val_loss", "train_loss"), c.tableMetrics());
        assertEquals(List.of("train_loss", "val_loss", "val_ppl", "val_acc"), c.allMetrics());
        assertTrue(c.notes().contains("val_ppl: left out of the table, cls did not log it"), c.notes().toString());
        assertTrue(c.notes().contains("val_acc: left out of the table, only cls logged it"), c.notes().toString());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("cls: no summary.json")), c.notes().toString());
    }

    @Test
    void aRunWithoutTheComparedMetricShowsDashesAndANote() {
        Path trainOnly = RunFixture.at(tmp, "noeval").train(100, 2.5, 1e11, 10).train(200, 2.0, 2e11, 20)
                .completed(200, 20, 2e11, 2.0).summary("{\"status\":\"completed\",\"steps\":200}").write();
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, trainOnly)), null, null);
        Comparison.Row row = c.rows().get(1);
        assertFalse(row.hasCurve());
        assertTrue(Double.isNaN(row.finals().get("val_loss")));
        assertTrue(c.notes().contains("val_loss: only base logged it; those runs show '-' and have no time to target"),
                c.notes().toString());
        String table = ComparisonTables.figures(c).toTerminal();
        assertTrue(table.lines().anyMatch(l -> l.matches("noeval +completed +200 +- +2.000 .* 120 MiB +4.00 KiB +- +- +-")),
                table);
    }

    @Test
    void withoutAnyEvaluationTheComparisonFallsBackToTrainingLoss() {
        Path a = RunFixture.at(tmp, "a").train(10, 3, 1e9, 1).train(20, 2, 2e9, 2).write();
        Path b = RunFixture.at(tmp, "b").train(10, 2.5, 1e9, 1).train(20, 1.5, 2e9, 2).write();
        Comparison c = Comparison.of(RunReader.readAll(List.of(a, b)), null, null);
        assertEquals("train_loss", c.metric());
        assertTrue(c.notes().contains("no run has val_loss (no evaluation logged); comparing on train_loss"));
        assertEquals(2.0, c.target(), EPS);
        assertEquals(15, c.rows().get(1).hit().orElseThrow().step(), EPS);
    }

    @Test
    void anUnknownMetricIsAUsageErrorNamingTheMetricsThereAre() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> Comparison.of(RunReader.readAll(List.of(base, fast)), "val_bleu", null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("no run has the metric 'val_bleu'; the runs have: train_loss, val_loss, val_ppl", e.getMessage());
    }

    @Test
    void jsonCarriesTheSameNumbersWithNullForUnknown() {
        Comparison c = Comparison.of(RunReader.readAll(List.of(base, fast)), null, 2.1);
        JsonObject o = JsonParser.parseString(ComparisonJson.render(c, new PlotResult(List.of(), List.of())))
                .getAsJsonObject();
        assertEquals("val_loss", o.get("metric").getAsString());
        assertEquals(2.1, o.get("target").getAsDouble(), EPS);
        JsonObject b = o.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertFalse(b.getAsJsonObject("to_target").get("reached").getAsBoolean());
        JsonObject f = o.getAsJsonArray("runs").get(1).getAsJsonObject();
        assertEquals(800.0 / 3, f.getAsJsonObject("to_target").get("step").getAsDouble(), EPS);
        assertFalse(f.getAsJsonObject("to_target").get("tokens").isJsonNull(), "tokens from the summary's total");
        assertEquals(2.0, f.getAsJsonObject("final").get("val_loss").getAsDouble(), EPS);
        assertEquals(12345, f.get("params").getAsLong());
        assertEquals(15, f.get("wall_s").getAsDouble(), EPS);
    }
}
