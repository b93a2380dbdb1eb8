package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Layer-copy maps of the depth operators (ALGORITHMS.md §4.a, §4.c). */
class LayerMapsTest {

    @Test
    void stackSixToTwentyFourIsZeroToFiveFourTimes() {
        int[] expected = IntStream.range(0, 24).map(i -> i % 6).toArray();
        assertArrayEquals(expected, LayerMaps.growth(DepthOp.STACK, LayerGroups.ADJACENT, 6, 24));
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1}, LayerMaps.growth(DepthOp.STACK, LayerGroups.ADJACENT, 4, 6));
    }

    @Test
    void interleaveRepeatsEachLayerInPlace() {
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, LayerMaps.growth(DepthOp.INTERLEAVE, LayerGroups.ADJACENT, 3, 6));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, LayerMaps.growth(DepthOp.INTERLEAVE, LayerGroups.ADJACENT, 2, 6));
    }

    @Test
    void copyTopIdentityAndRandomKeepTheOldLayersBelow() {
        assertArrayEquals(new int[] {0, 1, 1, 1}, LayerMaps.growth(DepthOp.COPY_TOP, LayerGroups.ADJACENT, 2, 4));
        assertArrayEquals(new int[] {0, 1, -1, -1}, LayerMaps.growth(DepthOp.IDENTITY, LayerGroups.ADJACENT, 2, 4));
        assertArrayEquals(new int[] {-1, -1, -1}, LayerMaps.growth(DepthOp.RANDOM, LayerGroups.ADJACENT, 0, 3));
    }

    @Test
    void decoalesceCopiesBackWhatCoalesceMerged() {
        assertArrayEquals(new int[] {0, 0, 1, 1}, LayerMaps.growth(DepthOp.DECOALESCE, LayerGroups.ADJACENT, 2, 4));
        assertArrayEquals(new int[] {0, 1, 0, 1}, LayerMaps.growth(DepthOp.DECOALESCE, LayerGroups.STACK, 2, 4));
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}}, LayerMaps.mergeGroups(LayerGroups.ADJACENT, 4, 2));
        assertArrayEquals(new int[][] {{0, 2}, {1, 3}}, LayerMaps.mergeGroups(LayerGroups.STACK, 4, 2));
    }

    @Test
    void newLayersAreExtraCopiesAndFreshOnes() {
        assertArrayEquals(new boolean[] {false, true, false, true}, LayerMaps.newLayers(new int[] {0, 0, 1, 1}));
        assertArrayEquals(new boolean[] {false, false, true, true}, LayerMaps.newLayers(new int[] {0, 1, 0, 1}));
        assertArrayEquals(new boolean[] {false, true}, LayerMaps.newLayers(new int[] {0, -1}));
    }

    @Test
    void impossibleMapsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerMaps.growth(DepthOp.STACK, LayerGroups.ADJACENT, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> LayerMaps.growth(DepthOp.STACK, LayerGroups.ADJACENT, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> LayerMaps.mergeGroups(LayerGroups.ADJACENT, 6, 4));
    }
}
