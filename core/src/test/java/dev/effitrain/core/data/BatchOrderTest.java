package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchOrderTest {

    private static List<int[]> take(BatchOrder order, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(order.next());
        }
        return out;
    }

    private static void assertSameBatches(List<int[]> a, List<int[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedDifferentOrder() {
        assertSameBatches(take(new BatchOrder(42, 103, 8), 30), take(new BatchOrder(42, 103, 8), 30));
        assertFalse(Arrays.equals(new BatchOrder(42, 103, 8).next(), new BatchOrder(43, 103, 8).next()));
    }

    @Test
    void eachEpochVisitsDistinctWindowsAndReshuffles() {
        BatchOrder order = new BatchOrder(1, 103, 8);
        assertEquals(12, order.stepsPerEpoch());
        List<Set<Integer>> epochs = new ArrayList<>();
        List<List<Integer>> sequences = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            assertEquals(e, order.state().epoch());
            Set<Integer> seen = new HashSet<>();
            List<Integer> seq = new ArrayList<>();
            for (int[] batch : take(order, 12)) {
                for (int w : batch) {
                    assertTrue(seen.add(w), "window " + w + " twice in epoch " + e);
                    seq.add(w);
                }
            }
            assertEquals(96, seen.size());
            epochs.add(seen);
            sequences.add(seq);
        }
        assertEquals(3, order.state().epoch(), "12 batches of 8 finish an epoch of 103 windows");
        assertNotEquals(sequences.get(0), sequences.get(1));
        assertNotEquals(epochs.get(0), epochs.get(1), "a different 7 windows are left over each epoch");
    }

    @Test
    void resumingMidEpochGivesExactlyTheNextBatches() {
        BatchOrder full = new BatchOrder(9, 103, 8);
        List<int[]> expected = take(full, 40);

        BatchOrder first = new BatchOrder(9, 103, 8);
        take(first, 5);
        String saved = first.state().toJson();
        BatchOrder resumed = BatchOrder.resume(BatchOrder.State.fromJson(saved), 9, 103, 8);
        assertEquals(new BatchOrder.State(9, 103, 0, 40), resumed.state());
        assertSameBatches(expected.subList(5, 40), take(resumed, 35));
    }

    @Test
    void resumingAtAndAcrossAnEpochBoundaryGivesExactlyTheNextBatches() {
        List<int[]> expected = take(new BatchOrder(9, 103, 8), 40);
        for (int stop : new int[] {11, 12, 13, 24}) {
            BatchOrder first = new BatchOrder(9, 103, 8);
            take(first, stop);
            BatchOrder resumed = BatchOrder.resume(BatchOrder.State.fromJson(first.state().toJson()), 9, 103, 8);
            assertSameBatches(expected.subList(stop, 40), take(resumed, 40 - stop));
        }
        BatchOrder atBoundary = new BatchOrder(9, 103, 8);
        take(atBoundary, 12);
        assertEquals(new BatchOrder.State(9, 103, 1, 0), atBoundary.state());
    }

    @Test
    void stateJsonRoundTrips() {
        BatchOrder.State s = new BatchOrder.State(-5, 1000, 3, 64);
        assertEquals(s, BatchOrder.State.fromJson(s.toJson()));
        assertEquals("{\"seed\":-5,\"windows\":1000,\"epoch\":3,\"sample\":64}", s.toJson());
        EffitrainException e = assertThrows(EffitrainException.class, () -> BatchOrder.State.fromJson("{\"epoch\":1}"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertThrows(EffitrainException.class, () -> BatchOrder.State.fromJson("not json"));
    }

    @Test
    void resumingAgainstDifferentDataOrSeedFails() {
        BatchOrder.State s = new BatchOrder(9, 103, 8).state();
        EffitrainException e = assertThrows(EffitrainException.class, () -> BatchOrder.resume(s, 9, 104, 8));
        assertTrue(e.getMessage().contains("103") && e.getMessage().contains("104"), e.getMessage());
        assertThrows(EffitrainException.class, () -> BatchOrder.resume(s, 10, 103, 8));
    }

    @Test
    void fewerWindowsThanABatchIsAClearError() {
        EffitrainException e = assertThrows(EffitrainException.class, () -> new BatchOrder(1, 5, 8));
        assertTrue(e.getMessage().contains("5 window") && e.getMessage().contains("batch size 8"), e.getMessage());
    }
}
