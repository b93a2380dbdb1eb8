package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §1.2 / §1.11: the dynamic maps' properties, and torch's linspace reproduced. */
class QuantMapTest {

    @Test
    void signedDynamicMap() {
        float[] c = QuantMap.dynamic(true).codes();
        assertEquals(256, c.length);
        assertStrictlySorted(c);
        assertEquals(0f, c[127], 0f);
        assertEquals(1, countZeros(c));
        assertEquals(1f, c[255], 0f);
        assertEquals(-0.99296874f, c[0], 1e-7f);
        assertEquals(127, countNegative(c));
        assertEquals(5.5e-7f, c[128], 1e-12f); // smallest magnitude
        assertEquals(-5.5e-7f, c[126], 1e-12f);
        assertTrue(QuantMap.dynamic(true).signed());
    }

    @Test
    void unsignedDynamicMap() {
        float[] c = QuantMap.dynamic(false).codes();
        assertEquals(256, c.length);
        assertStrictlySorted(c);
        assertEquals(0f, c[0], 0f);
        assertEquals(1f, c[255], 0f);
        assertEquals(0, countNegative(c));
        assertEquals(3.25e-7f, c[1], 1e-12f);
        assertTrue(!QuantMap.dynamic(false).signed());
    }

    @Test
    void linearMaps() {
        float[] s = QuantMap.linear(true).codes();
        assertEquals(-1f, s[0], 0f);
        assertEquals(1f, s[255], 0f);
        assertEquals(-s[127], s[128], 0f); // symmetric, no zero code
        assertStrictlySorted(s);
        float[] u = QuantMap.linear(false).codes();
        assertEquals(0f, u[0], 0f);
        assertEquals(1f, u[255], 0f);
        assertStrictlySorted(u);
    }

    @Test
    void linspaceIsBitIdenticalToLibtorch() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int steps : new int[] {2, 3, 5, 9, 17, 33, 65, 129, 256}) {
                assertArrayEquals(m.linspace(0.1f, 1f, steps).toFloatArray(), QuantMap.torchLinspace(0.1f, 1f, steps),
                        "linspace(0.1, 1, " + steps + ")");
            }
            assertArrayEquals(m.linspace(-1f, 1f, 256).toFloatArray(), QuantMap.torchLinspace(-1f, 1f, 256));
        }
    }

    @Test
    void roundingBoundsAreSortedMidpointsWithTheSignGuard() {
        QuantMap map = QuantMap.dynamic(true);
        float[] b = map.roundingBounds();
        assertEquals(255, b.length);
        assertStrictlySorted(b);
        assertEquals(-Float.MIN_VALUE, b[126], 0f); // negatives never round to the zero code
        assertEquals((map.code(127) + map.code(128)) / 2f, b[127], 0f);
        float[] u = QuantMap.dynamic(false).roundingBounds();
        assertEquals((0f + 3.25e-7f) / 2f, u[0], 1e-13f);
        assertStrictlySorted(u);
    }

    private static void assertStrictlySorted(float[] a) {
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i - 1] < a[i], "not strictly increasing at " + i + ": " + a[i - 1] + " " + a[i]);
        }
    }

    private static int countZeros(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v == 0f ? 1 : 0;
        }
        return n;
    }

    private static int countNegative(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v < 0f ? 1 : 0;
        }
        return n;
    }
}
