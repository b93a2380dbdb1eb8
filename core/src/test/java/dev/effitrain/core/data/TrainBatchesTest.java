package dev.effitrain.core.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainBatchesTest {
    private final LmDataset data = new LmDataset(LmDatasetTest.counting(5_000), 0, 5_000, 16);   // 312 windows

    private List<int[]> inputs(TrainBatches batches, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(batches.next().inputs());
        }
        return out;
    }

    @Test
    void prefetchingGivesTheSameBatchesAsBuildingOnTheTrainingThread() {
        List<int[]> sync;
        List<int[]> prefetched;
        try (TrainBatches b = new TrainBatches(data, new BatchOrder(3, data.numWindows(), 8), 0)) {
            sync = inputs(b, 100);
        }
        try (TrainBatches b = new TrainBatches(data, new BatchOrder(3, data.numWindows(), 8), 4)) {
            prefetched = inputs(b, 100);
        }
        for (int i = 0; i < sync.size(); i++) {
            assertArrayEquals(sync.get(i), prefetched.get(i), "batch " + i);
        }
    }

    @Test
    void stateIsTheConsumersPositionSoResumeIsExactWhilePrefetching() throws InterruptedException {
        List<int[]> expected;
        try (TrainBatches b = new TrainBatches(data, new BatchOrder(3, data.numWindows(), 8), 0)) {
            expected = inputs(b, 60);
        }
        BatchOrder.State saved;
        try (TrainBatches b = new TrainBatches(data, new BatchOrder(3, data.numWindows(), 8), 8)) {
            inputs(b, 45);
            Thread.sleep(50);   // let the producer run ahead
            saved = b.state();
            assertEquals(new BatchOrder.State(3, 312, 1, 6 * 8), saved, "39 batches per epoch, 45 taken");
        }
        try (TrainBatches b = new TrainBatches(data, BatchOrder.resume(saved, 3, 312, 8), 2)) {
            List<int[]> rest = inputs(b, 15);
            for (int i = 0; i < 15; i++) {
                assertArrayEquals(expected.get(45 + i), rest.get(i), "batch " + (45 + i));
            }
        }
    }

    @Test
    void aFailureOnThePrefetchThreadSurfacesInNext() {
        TokenCorpus failing = new TokenCorpus() {
            public long size() {
                return 1000;
            }

            public void read(long start, int[] dst, int offset, int length) {
                throw new IllegalStateException("disk gone");
            }

            public String description() {
                return "failing";
            }
        };
        LmDataset ds = new LmDataset(failing, 0, 1000, 10);
        try (TrainBatches b = new TrainBatches(ds, new BatchOrder(1, ds.numWindows(), 4), 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, b::next);
            assertEquals("disk gone", e.getMessage());
        }
    }
}
