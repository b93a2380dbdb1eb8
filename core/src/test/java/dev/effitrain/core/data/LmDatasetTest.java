package dev.effitrain.core.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LmDatasetTest {

    /** A corpus whose token at position i is i (mod 50000), so windows show where they read. */
    static ArrayTokenCorpus counting(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i % 50_000);
        return new ArrayTokenCorpus(ids, "counting");
    }

    @Test
    void targetsAreInputsShiftedByOne() {
        LmDataset ds = new LmDataset(counting(100), 0, 100, 4);
        LmBatch b = ds.batch(new int[] {2, 0});
        assertEquals(2, b.batchSize());
        assertEquals(4, b.seqLen());
        assertArrayEquals(new int[] {8, 9, 10, 11, 0, 1, 2, 3}, b.inputs());
        assertArrayEquals(new int[] {9, 10, 11, 12, 1, 2, 3, 4}, b.targets());
    }

    @Test
    void windowsStepBySeqLenAndStayInsideTheRange() {
        assertEquals(24, new LmDataset(counting(100), 0, 100, 4).numWindows());   // (100 - 1) / 4
        assertEquals(25, new LmDataset(counting(101), 0, 101, 4).numWindows());
        assertEquals(0, new LmDataset(counting(4), 0, 4, 4).numWindows());
        LmDataset ds = new LmDataset(counting(100), 10, 30, 4);                  // tokens 10..29
        assertEquals(4, ds.numWindows());
        LmBatch last = ds.batch(new int[] {3});
        assertArrayEquals(new int[] {22, 23, 24, 25}, last.inputs());
        assertArrayEquals(new int[] {23, 24, 25, 26}, last.targets());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.batch(new int[] {4}));
    }

    @Test
    void sequentialBatchesCoverEveryWindowInOrderWithASmallerLastBatch() {
        LmDataset ds = new LmDataset(counting(100), 0, 100, 4);   // 24 windows
        assertEquals(3, ds.sequentialBatches(10));
        assertArrayEquals(new int[] {40, 41, 42, 43}, Arrays.copyOf(ds.sequentialBatch(1, 10).inputs(), 4));
        LmBatch last = ds.sequentialBatch(2, 10);
        assertEquals(4, last.batchSize());
        assertEquals(96, last.targets()[last.targets().length - 1]);   // window 23 reads tokens 92..96
        assertArrayEquals(ds.sequentialBatch(2, 10).inputs(), last.inputs(), "fixed order");
    }
}
