package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsACompletedRunPreferringTheSummarysTotals() {
        Path dir = RunFixture.at(tmp, "gpt-a")
                .train(100, 3.0, 1e11, 10).eval(100, 3.2)
                .train(200, 2.0, 2e11, 20).eval(200, 2.4)
                .completed(200, 21, 2.1e11, 2.4).write();
        Run run = RunReader.read(dir);
        assertEquals("gpt-a", run.label());
        assertEquals("completed", run.status());
        assertTrue(run.finished());
        assertEquals(200, run.steps().getAsLong());
        assertEquals(21, run.wallS());
        assertEquals(2.1e11, run.flops());
        assertEquals(150, run.peakRssMb());
        assertEquals(4096, run.optimizerStateBytes());
        assertEquals(2.4, run.finalValue("val_loss"));
        assertEquals(List.of("train_loss", "val_loss", "val_ppl"), List.copyOf(run.qualityMetrics()));
        assertTrue(run.notes().isEmpty(), run.notes().toString());
    }

    @Test
    void aRunWithoutSummaryIsUnfinishedWithANoteAndFiguresFromTheLog() {
        Path dir = RunFixture.at(tmp, "gpt-live")
                .line("{\"event\":\"start\",\"step\":0,\"total_steps\":1000,\"params\":10}")
                .train(100, 3.0, 1e11, 10).eval(100, 3.2)
                .train(200, 2.5, 2e11, 20)
                .truncatedTail("{\"event\":\"train\",\"step\":210,\"lo")
                .write();
        Run run = RunReader.read(dir);
        assertFalse(run.finished());
        assertEquals(Run.UNFINISHED, run.status());
        assertEquals(200, run.steps().getAsLong());
        assertEquals(1000, run.totalSteps().getAsLong());
        assertEquals(20, run.wallS());
        assertEquals(2e11, run.flops());
        assertEquals(120, run.peakRssMb());
        assertEquals(List.of(
                "metrics.jsonl: last line 5 is incomplete (the run stopped mid-write); ignored",
                "no summary.json (still running, or stopped without finishing); figures are from metrics.jsonl"
                        + " up to step 200 of 1000"), run.notes());
    }

    @Test
    void aRunThatHasLoggedNothingYetIsReadWithANote() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fresh"));
        Files.writeString(dir.resolve("recipe.yaml"), "name: fresh\n");
        Run run = RunReader.read(dir);
        assertTrue(run.steps().isEmpty());
        assertTrue(run.notes().get(0).endsWith("nothing logged yet"), run.notes().toString());
    }

    @Test
    void aDirectoryThatIsNotARunIsAUsageErrorListingWhatWasExpectedAndFound() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(dir.resolve("cat.png"), "x");
        Files.createDirectories(dir.resolve("holiday"));
        EffitrainException e = assertThrows(EffitrainException.class, () -> RunReader.read(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(dir + " is not a run directory: expected recipe.yaml, metrics.jsonl and (once the run ends)"
                + " summary.json, as written by `effitrain run`; found: cat.png, holiday/", e.getMessage());
    }

    @Test
    void aFolderOfRunsPointsAtTheRunsInside() {
        RunFixture.at(tmp.resolve("runs"), "a").train(10, 3, 1, 1).write();
        RunFixture.at(tmp.resolve("runs"), "b").train(10, 3, 1, 1).write();
        EffitrainException e = assertThrows(EffitrainException.class, () -> RunReader.read(tmp.resolve("runs")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().endsWith("it holds runs: " + tmp.resolve("runs/a") + ", " + tmp.resolve("runs/b")
                + " (pass those)"), e.getMessage());
    }

    @Test
    void missingDirectoryAndPlainFileAreUsageErrors() throws Exception {
        EffitrainException missing = assertThrows(EffitrainException.class, () -> RunReader.read(tmp.resolve("nope")));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertEquals(tmp.resolve("nope") + ": no such directory", missing.getMessage());

        Path file = Files.writeString(tmp.resolve("summary.json"), "{}");
        EffitrainException notDir = assertThrows(EffitrainException.class, () -> RunReader.read(file));
        assertEquals(ExitCode.USAGE, notDir.exitCode());
        assertTrue(notDir.getMessage().contains("is a file, not a run directory (did you mean " + tmp), notDir.getMessage());
    }

    @Test
    void aCorruptSummaryIsUnreadableInput() {
        Path dir = RunFixture.at(tmp, "broken").train(10, 3, 1, 1).summary("{\"status\": \"compl").write();
        EffitrainException e = assertThrows(EffitrainException.class, () -> RunReader.read(dir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir.resolve("summary.json") + ": not valid JSON"), e.getMessage());
    }

    @Test
    void aDivergedRunSaysSo() {
        Path dir = RunFixture.at(tmp, "hot").train(10, 3, 1, 1).line("{\"event\":\"train\",\"step\":20,\"loss\":NaN}")
                .summary("{\"status\":\"diverged\",\"exit_code\":4,\"steps\":20}").write();
        Run run = RunReader.read(dir);
        assertEquals("diverged", run.status());
        assertEquals(List.of("status diverged (exit 4)"), run.notes());
        assertEquals(3.0, run.finalValue(MetricInfo.TRAIN_LOSS), "the last finite value");
    }

    @Test
    void twoRunsWithTheSameDirectoryNameGetDistinctLabels() {
        Path a = RunFixture.at(tmp.resolve("x"), "run").train(10, 3, 1, 1).write();
        Path b = RunFixture.at(tmp.resolve("y"), "run").train(10, 3, 1, 1).write();
        List<Run> runs = RunReader.readAll(List.of(a, b));
        assertEquals(List.of("run#1", "run#2"), runs.stream().map(Run::label).toList());
    }
}
