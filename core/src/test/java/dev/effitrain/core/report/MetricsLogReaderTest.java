package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsLogReaderTest {

    @Test
    void readsTrainingEvaluationStageAndStartLines() {
        MetricsLog log = MetricsLogReader.parse("runs/a/metrics.jsonl", """
                {"event":"start","step":0,"total_steps":300,"params":1234}
                {"event":"train","step":10,"epoch":0,"loss":3.5,"lr":0.001,"flops":1e9,"wall_s":1.5}
                {"event":"stage","step":15,"name":"grow depth 3->6"}
                {"event":"train","step":20,"epoch":0,"loss":3.0,"lr":0.001,"flops":2e9,"wall_s":3.0}
                {"event":"eval","step":20,"val_loss":3.1,"val_ppl":22.2,"val_acc":0.4}
                {"event":"checkpoint","step":20,"path":"checkpoints/step-000020"}
                """);
        assertEquals(List.of(new Sample(10, 3.5), new Sample(20, 3.0)), log.series(MetricInfo.TRAIN_LOSS));
        assertEquals(List.of(new Sample(20, 0.4)), log.series("val_acc"));
        assertEquals(List.of("val_loss", "val_ppl", "val_acc"), List.copyOf(log.evalMetrics()));
        assertEquals(List.of(new StageMark(15, "grow depth 3->6")), log.stages());
        assertEquals(300, log.totalSteps().getAsLong());
        assertEquals(1234, log.params().getAsLong());
        assertEquals(20, log.lastStep().getAsLong());
        assertTrue(log.notes().isEmpty());
    }

    @Test
    void toleratesATruncatedLastLine() {
        MetricsLog log = MetricsLogReader.parse("runs/a/metrics.jsonl", """
                {"event":"train","step":10,"loss":3.5}
                {"event":"train","step":20,"loss":3.0}
                {"event":"train","step":30,"lo""");
        assertEquals(2, log.series(MetricInfo.TRAIN_LOSS).size());
        assertEquals(List.of("metrics.jsonl: last line 3 is incomplete (the run stopped mid-write); ignored"),
                log.notes());
    }

    @Test
    void skipsAnUnreadableLineInTheMiddleWithANote() {
        MetricsLog log = MetricsLogReader.parse("m.jsonl", """
                {"event":"train","step":10,"loss":3.5}
                {"event":"train","step":20,"lo{"event":"start","step":10}
                {"event":"train","step":30,"loss":2.5}
                """);
        assertEquals(2, log.series(MetricInfo.TRAIN_LOSS).size());
        assertEquals(List.of("m.jsonl: skipped 1 unreadable line(s) (line 2)"), log.notes());
    }

    @Test
    void aFileWithNoJsonObjectIsNotAMetricsLog() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> MetricsLogReader.parse("runs/a/metrics.jsonl", "step,loss\n10,3.5\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("runs/a/metrics.jsonl: not a metrics log; line 1"), e.getMessage());
    }

    @Test
    void emptyFileIsAnEmptyLog() {
        MetricsLog log = MetricsLogReader.parse("m", "");
        assertTrue(log.lastStep().isEmpty());
        assertTrue(log.notes().isEmpty());
    }

    @Test
    void nonFiniteLossesAreKeptInTheLogAndDroppedFromCurves() {
        MetricsLog log = MetricsLogReader.parse("m", """
                {"event":"train","step":10,"loss":3.5}
                {"event":"train","step":20,"loss":NaN}
                {"event":"train","step":30,"loss":"Infinity"}
                """);
        assertEquals(3, log.series(MetricInfo.TRAIN_LOSS).size());
        assertTrue(Double.isNaN(log.series(MetricInfo.TRAIN_LOSS).get(1).value()));
        assertEquals(List.of(new Sample(10, 3.5)), Sample.finiteOnly(log.series(MetricInfo.TRAIN_LOSS)));
    }

    @Test
    void stepsLoggedAgainAfterAResumeSupersedeTheEarlierOnes() {
        MetricsLog log = MetricsLogReader.parse("m", """
                {"event":"train","step":10,"loss":3.5}
                {"event":"train","step":20,"loss":3.0}
                {"event":"train","step":30,"loss":2.9}
                {"event":"stage","step":25,"name":"grow"}
                {"event":"start","step":20,"total_steps":40}
                {"event":"train","step":30,"loss":2.8}
                {"event":"stage","step":25,"name":"grow"}
                {"event":"train","step":40,"loss":2.7}
                """);
        assertEquals(List.of(new Sample(10, 3.5), new Sample(20, 3.0), new Sample(30, 2.8), new Sample(40, 2.7)),
                log.series(MetricInfo.TRAIN_LOSS));
        assertEquals(List.of(new StageMark(25, "grow")), log.stages());
    }
}
