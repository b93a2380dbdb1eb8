package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §1.3 / §1.11: block-wise quantization round trip and exact nearest-code rounding. */
class BlockQuantizerTest {

    private NDManager manager;
    private Codebook signed;
    private Codebook unsigned;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(1234);
        manager = NDManager.newBaseManager(Device.cpu());
        signed = new Codebook(QuantMap.dynamic(true), manager, Device.cpu());
        unsigned = new Codebook(QuantMap.dynamic(false), manager, Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void roundTripErrorOnNormalDataIsBelowBitsandbytesThresholds() {
        NDArray x = manager.randomNormal(new Shape(1024, 1024));
        double[] block256 = errors(new BlockQuantizer(signed, 256), x);
        assertTrue(block256[0] < 0.011 && block256[1] < 0.018, "block 256: abs/rel " + block256[0] + " " + block256[1]);
        double[] block2048 = errors(new BlockQuantizer(signed, 2048), x);
        assertTrue(block2048[0] < 0.011 && block2048[1] < 0.018, "block 2048: abs/rel " + block2048[0] + " " + block2048[1]);
        assertTrue(block256[0] < block2048[0], "smaller blocks are more precise");
    }

    @Test
    void roundTripErrorOnUniformData() {
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1024, 1024));
        double[] u = errors(new BlockQuantizer(unsigned, 256), x);
        assertTrue(u[0] < 0.0023 && u[1] < 0.012, "unsigned map: abs/rel " + u[0] + " " + u[1]);
        double[] s = errors(new BlockQuantizer(signed, 256), x);
        assertTrue(s[0] < 0.0036 && s[1] < 0.015, "signed map: abs/rel " + s[0] + " " + s[1]);
    }

    @Test
    void positiveAbsmaxAndZerosSurviveExactly() {
        NDArray x = manager.randomNormal(new Shape(4, 256)).abs();
        x.set(new ai.djl.ndarray.index.NDIndex("1, :"), 0f);       // an all-zero block
        x.set(new ai.djl.ndarray.index.NDIndex("2, 5:9"), 0f);     // zeros inside a block
        BlockQuantizer q = new BlockQuantizer(signed, 256);
        NDArray back = q.dequantize(q.quantize(x));
        NDArray rowMax = x.max(new int[] {1});
        assertArrayEquals(rowMax.toFloatArray(), back.max(new int[] {1}).toFloatArray(), 0f);
        assertTrue(back.get("1, :").eq(0f).all().getBoolean());
        assertTrue(back.get("2, 5:9").eq(0f).all().getBoolean());
    }

    @Test
    void codesAreTheNearestCodeAsAReferenceBinarySearchFindsThem() {
        Codebook linear = new Codebook(QuantMap.linear(true), manager, Device.cpu());
        Codebook linearUnsigned = new Codebook(QuantMap.linear(false), manager, Device.cpu());
        for (Codebook book : new Codebook[] {signed, unsigned, linear, linearUnsigned}) {
            float[] bounds = book.map().roundingBounds();
            float lo = book.map().signed() ? -1f : 0f;
            NDArray x = NDArrays.concat(new NDList(
                    manager.randomUniform(lo, 1f, new Shape(100_000)),
                    manager.randomNormal(0f, 1e-4f, new Shape(10_000), DataType.FLOAT32).clip(lo, 1f),
                    manager.randomNormal(0f, 1e-6f, new Shape(10_000), DataType.FLOAT32).clip(lo, 1f),
                    manager.create(bounds).clip(lo, 1f),
                    manager.create(book.map().codes()),
                    manager.create(new float[] {0f, -0f, 1f, lo, Float.MIN_VALUE, -Float.MIN_VALUE}).clip(lo, 1f)));
            int[] expected = binarySearchCodes(bounds, x);
            int[] actual = toInts(book.encode(x));
            assertArrayEquals(expected, actual, book.map().kind());
            float[] xs = x.toFloatArray();
            for (int i = 0; i < xs.length; i += 997) { // spot check against a plain Java count
                int count = 0;
                for (float b : bounds) {
                    count += b < xs[i] ? 1 : 0;
                }
                assertEquals(count, actual[i], "x=" + xs[i]);
            }
        }
    }

    @Test
    void negativeValuesNeverLoseTheirSign() {
        float[] v = {1f, -1e-9f, -1e-7f, -2.7e-7f, 1e-9f, 1e-7f, -3e-38f, 0f};
        BlockQuantizer q = new BlockQuantizer(signed, 8);
        float[] back = q.dequantize(q.quantize(manager.create(v))).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                assertTrue(back[i] < 0, "element " + i + " " + v[i] + " -> " + back[i]);
            } else {
                assertTrue(back[i] >= 0, "element " + i + " " + v[i] + " -> " + back[i]);
            }
        }
        assertEquals(0f, back[7], 0f);
    }

    @Test
    void partialLastBlockAndBlockCounts() {
        NDArray x = manager.randomNormal(new Shape(1000));
        BlockQuantizer q = new BlockQuantizer(signed, 256);
        BlockQuantizer.Quantized quantized = q.quantize(x);
        assertEquals(new Shape(1000), quantized.codes().getShape());
        assertEquals(DataType.UINT8, quantized.codes().getDataType());
        assertEquals(new Shape(4), quantized.absmax().getShape());
        float[] xs = x.toFloatArray();
        float tailMax = 0;
        for (int i = 768; i < 1000; i++) {
            tailMax = Math.max(tailMax, Math.abs(xs[i]));
        }
        assertEquals(tailMax, quantized.absmax().toFloatArray()[3], 0f);
        double[] err = errors(q, x);
        assertTrue(err[0] < 0.02, "abs err " + err[0]);
    }

    @Test
    void nonFiniteInputDoesNotBreakEncoding() {
        NDArray x = manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f});
        int[] codes = toInts(signed.encode(x));
        for (int c : codes) {
            assertTrue(c >= 0 && c <= 255);
        }
    }

    /** The reference: an 8-step branchless binary search over [-inf, bounds...] on tensors. */
    private int[] binarySearchCodes(float[] bounds, NDArray x) {
        float[] table = new float[256];
        table[0] = Float.NEGATIVE_INFINITY;
        System.arraycopy(bounds, 0, table, 1, 255);
        NDArray t = manager.create(table);
        NDArray idx = x.zerosLike().toType(DataType.INT64, false);
        for (int step = 128; step >= 1; step >>= 1) {
            NDArray candidate = idx.add(step);
            idx = NDArrays.where(t.take(candidate).lt(x), candidate, idx);
        }
        return toInts(idx);
    }

    private static int[] toInts(NDArray a) {
        long[] l = a.toType(DataType.INT64, false).toLongArray();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }

    /** {mean abs error, mean relative error} of a round trip, as bitsandbytes' test computes them. */
    private static double[] errors(BlockQuantizer q, NDArray x) {
        NDArray back = q.dequantize(q.quantize(x));
        NDArray diff = back.sub(x).abs();
        double abs = diff.mean().getFloat();
        double rel = diff.div(x.add(1e-8f).abs()).mean().getFloat();
        return new double[] {abs, rel};
    }
}
