package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WidthMapTest {

    @Test
    void cyclicMapKeepsOldUnitsAndRepeatsThem() {
        WidthMap m = WidthMap.cyclic(3, 7);
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 0}, m.indices());
        assertEquals(3, m.copies(0));
        assertEquals(2, m.copies(2));
        assertFalse(m.isUniform());
        assertTrue(WidthMap.cyclic(3, 6).isUniform());
        assertTrue(m.isOriginal(2));
        assertFalse(m.isOriginal(3));
        assertArrayEquals(new float[] {1f / 3, 0.5f, 0.5f, 1f / 3, 0.5f, 0.5f, 1f / 3}, m.inverseCopies(), 0f);
    }

    @Test
    void headMapsExpandToWholeHeadsAndQkvThirds() {
        WidthMap heads = WidthMap.cyclic(2, 4);
        assertArrayEquals(new long[] {0, 1, 2, 3, 0, 1, 2, 3}, heads.perHead(2).indices());
        WidthMap qkv = WidthMap.cyclic(1, 2).perHead(2).stacked(3);
        assertArrayEquals(new long[] {0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4, 5}, qkv.indices());
        assertTrue(qkv.isOriginal(5));
        assertFalse(qkv.isOriginal(6));
    }

    @Test
    void groupsListTheCopiesOfEachUnit() {
        long[][] g = WidthMap.cyclic(2, 6).groups();
        assertArrayEquals(new long[][] {{0, 1}, {2, 3}, {4, 5}}, g);
        assertThrows(IllegalArgumentException.class, () -> WidthMap.cyclic(2, 5).groups());
        assertThrows(IllegalArgumentException.class, () -> WidthMap.of(new int[] {0, 0}, 2));
    }
}
