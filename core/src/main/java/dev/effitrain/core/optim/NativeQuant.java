package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The CPU kernels of {@code core/src/main/c/effitrain_quant.c}: block-wise encode and decode in one
 * pass over tensor memory, bit-identical to {@link BlockQuantizer}'s tensor ops (a test checks it).
 * The tensor ops cost about twenty passes and three gathers per element and made the 8-bit AdamW
 * step 17% slower than the 32-bit one. Used for contiguous CPU tensors when the library was built
 * (gcc at build time) and {@code -Deffitrain.native=false} is not set; everything else (GPUs, other
 * platforms) runs the tensor ops.
 */
final class NativeQuant {

    private static final Logger LOG = LogManager.getLogger(NativeQuant.class);
    private static final String KERNEL = load();

    private NativeQuant() {
    }

    /** "avx2" or "scalar" when the kernels are loaded, null when effitrain uses tensor ops. */
    static String kernel() {
        return KERNEL;
    }

    /** Whether the kernels can work on these arrays in place (all on the CPU). */
    static boolean usable(NDArray... arrays) {
        if (KERNEL == null) {
            return false;
        }
        for (NDArray a : arrays) {
            if (!Device.Type.CPU.equals(a.getDevice().getDeviceType())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quantizes the flat fp32 {@code x} into {@code codes} (uint8) and {@code absmax} (one per block,
     * the last block may be shorter). All three are flat, contiguous CPU arrays (1-D slices are).
     */
    static void encode(NDArray x, NDArray codes, NDArray absmax, int blockSize, Codebook codebook) {
        Codebook.Tables t = codebook.tables();
        encode0(direct(x), direct(codes), direct(absmax), x.size(), blockSize,
                t.below(), t.bounds(), t.scale(), t.offset(), t.signed());
    }

    /** Writes {@code table[codes] * absmax[block]} into the flat fp32 {@code out}. */
    static void decode(NDArray codes, NDArray absmax, float[] table, NDArray out, int blockSize) {
        decode0(direct(codes), direct(absmax), table, direct(out), codes.size(), blockSize);
    }

    private static ByteBuffer direct(NDArray a) {
        ByteBuffer b = a.toByteBuffer(true);
        if (!b.isDirect()) {
            throw new IllegalStateException("no direct view of " + a.getShape() + " " + a.getDataType());
        }
        return b;
    }

    private static native String kernel0();

    private static native void encode0(ByteBuffer x, ByteBuffer codes, ByteBuffer absmax, long n, int blockSize,
                                      int[] below, float[] bounds, float scale, float offset, boolean signed);

    private static native void decode0(ByteBuffer codes, ByteBuffer absmax, float[] table, ByteBuffer out,
                                      long n, int blockSize);

    private static String load() {
        if ("false".equalsIgnoreCase(System.getProperty("effitrain.native", "true"))) {
            return null;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : "other";
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        String resource = "/dev/effitrain/native/" + os + "-" + arch + "/libeffitrain_quant.so";
        try (InputStream in = NativeQuant.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.debug("no native quantization kernels for {}-{}: using tensor ops", os, arch);
                return null;
            }
            Path file = Files.createTempFile("effitrain_quant", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            String kernel = kernel0();
            LOG.debug("native quantization kernels loaded ({})", kernel);
            return kernel;
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.debug("native quantization kernels not loaded ({}): using tensor ops", e.toString());
            return null;
        }
    }
}
