package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final double EPS = 1e-9;

    @Test
    void interpolatesBetweenTrainingLinesAndGrowsFromZeroBeforeTheFirst() {
        Progress p = Progress.of(MetricsLogReader.parse("m", """
                {"event":"train","step":10,"flops":100,"wall_s":2}
                {"event":"train","step":20,"flops":300,"wall_s":4}
                """), Optional.empty());
        assertEquals(200, p.at(XAxis.FLOPS, 15), EPS);
        assertEquals(50, p.at(XAxis.FLOPS, 5), EPS);
        assertEquals(3, p.at(XAxis.TIME, 15), EPS);
        assertEquals(15, p.at(XAxis.STEP, 15), EPS);
        // past the last line: the last interval's slope continues
        assertEquals(400, p.at(XAxis.FLOPS, 25), EPS);
        assertFalse(p.has(XAxis.TOKENS));
        assertTrue(Double.isNaN(p.at(XAxis.TOKENS, 10)));
    }

    @Test
    void theSummaryTotalsCloseTheCurve() {
        RunSummary s = RunSummary.from(JsonParser.parseString(
                "{\"steps\":30,\"flops\":1000,\"wall_s\":10,\"tokens\":3000}").getAsJsonObject());
        Progress p = Progress.of(MetricsLogReader.parse("m", """
                {"event":"train","step":20,"flops":400,"wall_s":4}
                """), Optional.of(s));
        assertEquals(700, p.at(XAxis.FLOPS, 25), EPS);
        assertEquals(7, p.at(XAxis.TIME, 25), EPS);
        assertEquals(2500, p.at(XAxis.TOKENS, 25), EPS);
    }

    @Test
    void tokensAreRebuiltFromThroughputWhenNotLoggedAsATotal() {
        // 1000 tokens/s at 100 ms per step = 100 tokens per step
        Progress p = Progress.of(MetricsLogReader.parse("m", """
                {"event":"train","step":10,"tokens_per_s":1000,"step_ms":100}
                {"event":"train","step":20,"tokens_per_s":2000,"step_ms":100}
                """), Optional.empty());
        assertTrue(p.tokensEstimated());
        assertEquals(1000, p.at(XAxis.TOKENS, 10), EPS);
        assertEquals(3000, p.at(XAxis.TOKENS, 20), EPS);
    }

    @Test
    void aLoggedTokenTotalWins() {
        Progress p = Progress.of(MetricsLogReader.parse("m", """
                {"event":"train","step":10,"tokens":640,"tokens_per_s":1000,"step_ms":100}
                """), Optional.empty());
        assertFalse(p.tokensEstimated());
        assertEquals(640, p.at(XAxis.TOKENS, 10), EPS);
    }
}
