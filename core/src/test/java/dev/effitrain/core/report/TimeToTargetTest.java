package dev.effitrain.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeToTargetTest {

    private static final double EPS = 1e-9;

    /** 1e9 FLOPs and 0.5 s per step, logged every 100 steps. */
    private static Progress steady() {
        MetricsLog log = MetricsLogReader.parse("m", """
                {"event":"train","step":100,"loss":3.5,"flops":1e11,"wall_s":50}
                {"event":"train","step":200,"loss":2.5,"flops":2e11,"wall_s":100}
                {"event":"train","step":300,"loss":1.5,"flops":3e11,"wall_s":150}
                """);
        return Progress.of(log, Optional.empty());
    }

    private static List<Sample> curve(double... stepValuePairs) {
        List<Sample> out = new java.util.ArrayList<>();
        for (int i = 0; i < stepValuePairs.length; i += 2) {
            out.add(new Sample((long) stepValuePairs[i], stepValuePairs[i + 1]));
        }
        return out;
    }

    @Test
    void interpolatesLinearlyBetweenTheBracketingPoints() {
        TargetHit hit = TimeToTarget.find(curve(100, 4.0, 200, 3.0, 300, 2.0), 2.5, false, steady()).orElseThrow();
        assertEquals(250, hit.step(), EPS);
        assertEquals(2.5e11, hit.flops(), 1);
        assertEquals(125, hit.wallS(), EPS);
        assertTrue(Double.isNaN(hit.tokens()), "no token counter logged");
    }

    @Test
    void eachAxisIsInterpolatedAtTheSameFractionOfTheInterval() {
        // wall time per step triples after step 100; the crossing is a quarter of the way from 100 to 200
        MetricsLog log = MetricsLogReader.parse("m", """
                {"event":"train","step":100,"loss":3,"flops":1e11,"wall_s":10}
                {"event":"train","step":200,"loss":2,"flops":2e11,"wall_s":40}
                """);
        Progress p = Progress.of(log, Optional.empty());
        TargetHit hit = TimeToTarget.find(curve(100, 3.0, 200, 2.0), 2.75, false, p).orElseThrow();
        assertEquals(125, hit.step(), EPS);
        assertEquals(17.5, hit.wallS(), EPS);
        assertEquals(1.25e11, hit.flops(), 1);
    }

    @Test
    void reachedExactlyAtALoggedPoint() {
        TargetHit hit = TimeToTarget.find(curve(100, 4.0, 200, 3.0, 300, 2.0), 3.0, false, steady()).orElseThrow();
        assertEquals(200, hit.step(), EPS);
        assertEquals(100, hit.wallS(), EPS);
    }

    @Test
    void reachedAtTheFirstPointIsThatPointWithoutExtrapolation() {
        TargetHit hit = TimeToTarget.find(curve(100, 2.0, 200, 1.0), 2.5, false, steady()).orElseThrow();
        assertEquals(100, hit.step(), EPS);
        assertEquals(50, hit.wallS(), EPS);
        assertEquals(1e11, hit.flops(), 1);
    }

    @Test
    void notReachedIsEmpty() {
        assertTrue(TimeToTarget.find(curve(100, 4.0, 200, 3.0, 300, 2.6), 2.5, false, steady()).isEmpty());
        assertTrue(TimeToTarget.find(List.of(), 2.5, false, steady()).isEmpty());
    }

    @Test
    void theFirstCrossingCountsEvenIfTheCurveLaterRisesAgain() {
        TargetHit hit = TimeToTarget.find(curve(100, 3.0, 200, 2.0, 300, 3.5), 2.5, false, steady()).orElseThrow();
        assertEquals(150, hit.step(), EPS);
    }

    @Test
    void accuracyCountsWhenItRisesToTheTarget() {
        TargetHit hit = TimeToTarget.find(curve(100, 0.1, 200, 0.5, 300, 0.9), 0.7, true, steady()).orElseThrow();
        assertEquals(250, hit.step(), EPS);
        assertTrue(TimeToTarget.find(curve(100, 0.1, 200, 0.5), 0.7, true, steady()).isEmpty());
    }
}
