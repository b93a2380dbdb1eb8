package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The native CPU kernels compute exactly what the tensor ops compute, codes and absmax bit for bit. */
class NativeQuantTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void theKernelsAreBuiltAndLoadedOnLinuxX8664() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the build compiles the kernels for linux-x86_64 here");
        assertNotNull(NativeQuant.kernel(), "libeffitrain_kernels.so missing from the classpath or not loadable");
    }

    @Test
    void encodeAndDecodeMatchTheTensorOpsBitForBit() {
        assumeTrue(NativeQuant.kernel() != null, "native kernels not built on this machine");
        QuantMap[] maps = {QuantMap.dynamic(true), QuantMap.dynamic(false), QuantMap.linear(true), QuantMap.linear(false)};
        for (QuantMap map : maps) {
            try (Codebook book = new Codebook(map, manager, Device.cpu())) {
                for (int blockSize : new int[] {64, 256, 2048}) {
                    for (int length : new int[] {1, 7, 255, 256, 257, 4096 + 13, 20_000}) {
                        NDArray x = sample(map, length);
                        String where = map.kind() + " block " + blockSize + " length " + length;
                        BlockQuantizer q = new BlockQuantizer(book, blockSize);
                        long blocks = BlockQuantizer.blockCount(length, blockSize);
                        NDArray nativeCodes = manager.zeros(new Shape(length), DataType.UINT8);
                        NDArray nativeMax = manager.zeros(new Shape(blocks));
                        NativeQuant.encode(x.duplicate(), nativeCodes, nativeMax, blockSize, book);
                        NDArray tensorCodes = manager.zeros(new Shape(length), DataType.UINT8);
                        NDArray tensorMax = manager.zeros(new Shape(blocks));
                        q.quantizeIntoWithTensorOps(x.duplicate(), tensorCodes, tensorMax);
                        assertArrayEquals(tensorCodes.toUint8Array(), nativeCodes.toUint8Array(), where + ": codes");
                        assertArrayEquals(tensorMax.toFloatArray(), nativeMax.toFloatArray(), where + ": absmax");

                        NDArray nativeValues = manager.zeros(new Shape(length));
                        NativeQuant.decode(tensorCodes, tensorMax, book.tables().values(), nativeValues, blockSize);
                        assertArrayEquals(q.dequantizeWithTensorOps(tensorCodes, tensorMax).toFloatArray(),
                                nativeValues.toFloatArray(), where + ": decoded values");
                    }
                }
            }
        }
    }

    @Test
    void slicesOfALargerStateAreWrittenInPlace() {
        assumeTrue(NativeQuant.kernel() != null, "native kernels not built on this machine");
        try (Codebook book = new Codebook(QuantMap.dynamic(true), manager, Device.cpu())) {
            NDArray codes = manager.zeros(new Shape(1024), DataType.UINT8);
            NDArray absmax = manager.zeros(new Shape(4));
            NDArray x = manager.randomNormal(new Shape(512));
            NativeQuant.encode(x, codes.get(new NDIndex("256:768")), absmax.get(new NDIndex("1:3")), 256, book);
            assertArrayEquals(new float[] {0f, 0f}, new float[] {absmax.getFloat(0), absmax.getFloat(3)});
            assertArrayEquals(x.abs().max().toFloatArray(),
                    new float[] {Math.max(absmax.getFloat(1), absmax.getFloat(2))});
            assertArrayEquals(new byte[256], codes.get(new NDIndex("0:256")).toByteArray());
        }
    }

    /** Normal values over many scales, exact zeros, codes and rounding bounds, -0 and a NaN block. */
    private NDArray sample(QuantMap map, int length) {
        NDArray wide = manager.randomNormal(new Shape(length)).mul(manager.randomUniform(-7f, 1f, new Shape(length)).exp());
        NDArray x = map.signed() ? wide : wide.abs();
        float[] v = x.toFloatArray();
        float[] bounds = map.roundingBounds();
        float[] codes = map.codes();
        for (int i = 0; i < length; i += 5) {
            v[i] = i % 10 == 0 ? bounds[(i / 5) % bounds.length] : codes[(i / 5) % codes.length];
        }
        if (length > 3) {
            v[1] = 0f;
            v[2] = map.signed() ? -0f : 0f;
            v[3] = 1f; // with the bounds above: blocks whose absmax is 1 hit bounds exactly
        }
        if (length == 4096 + 13) {
            v[length - 2] = Float.NaN;
        }
        return manager.create(v);
    }
}
