package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.train.TrainListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    /** Records what the status line asked for. */
    static final class Recorder implements StatusLine.Display {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void show(String text, boolean first) {
            calls.add((first ? "first " : "again ") + text);
        }

        @Override
        public synchronized void clear() {
            calls.add("clear");
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }

        void awaitShown(int times) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (calls().size() < times && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aShortPhaseShowsNothing() {
        Recorder r = new Recorder();
        try (StatusLine s = new StatusLine(r, Duration.ofHours(1), Duration.ofSeconds(1))) {
            s.begin("evaluating at step 10").close();
        }
        assertEquals(List.of(), r.calls());
    }

    @Test
    void aLongPhaseIsShownThenUpdatedThenClearedOnce() throws Exception {
        Recorder r = new Recorder();
        try (StatusLine s = new StatusLine(r, Duration.ZERO, Duration.ofMillis(10))) {
            TrainListener.Activity a = s.begin("loading data");
            r.awaitShown(2);
            a.close();
            a.close();
        }
        List<String> calls = r.calls();
        assertTrue(calls.get(0).startsWith("first loading data ... "), calls.toString());
        assertTrue(calls.get(1).startsWith("again loading data ... "), calls.toString());
        assertEquals("clear", calls.get(calls.size() - 1));
        assertEquals(1, calls.stream().filter("clear"::equals).count(), calls.toString());
    }

    @Test
    void aNewPhaseEndsTheLastAndTheOldHandleNoLongerEndsAnything() throws Exception {
        Recorder r = new Recorder();
        try (StatusLine s = new StatusLine(r, Duration.ZERO, Duration.ofHours(1))) {
            TrainListener.Activity first = s.begin("loading data");
            r.awaitShown(1);
            TrainListener.Activity second = s.begin("evaluating");
            r.awaitShown(3);
            first.close();   // already ended: must not clear the evaluation's status
            assertEquals(List.of("first loading data ... 0s", "clear", "first evaluating ... 0s"), r.calls());
            second.close();
        }
        assertEquals("clear", r.calls().get(3));
    }
}
