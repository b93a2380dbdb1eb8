package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
 * The optional CPU kernels of {@code core/src/main/c} ({@code libeffitrain_kernels.so}, built with
 * gcc at build time and shipped in the core jar): {@link NativeQuant} and {@link NativeAdam}. Each
 * computes what its tensor-op twin computes (their classes say how exactly); they are used for CPU
 * arrays when the library loaded and {@code -Deffitrain.native=false} is not set. Everything else (GPUs, machines built
 * without gcc) runs the tensor ops.
 */
final class NativeKernels {

    private static final Logger LOG = LogManager.getLogger(NativeKernels.class);
    private static final String KERNEL = load();

    private NativeKernels() {
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

    /** Like {@link #usable}, and every array is fp32. */
    static boolean usableFloat(NDArray... arrays) {
        if (!usable(arrays)) {
            return false;
        }
        for (NDArray a : arrays) {
            if (a.getDataType() != DataType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /** The array's memory (a contiguous CPU array or a slice of one), for the kernels to read and write. */
    static ByteBuffer direct(NDArray a) {
        ByteBuffer b = a.toByteBuffer(true);
        if (!b.isDirect()) {
            throw new IllegalStateException("no direct view of " + a.getShape() + " " + a.getDataType());
        }
        return b;
    }

    private static native String kernel0();

    private static String load() {
        if ("false".equalsIgnoreCase(System.getProperty("effitrain.native", "true"))) {
            return null;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : "other";
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        String resource = "/dev/effitrain/native/" + os + "-" + arch + "/libeffitrain_kernels.so";
        try (InputStream in = NativeKernels.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.debug("no native kernels for {}-{}: using tensor ops", os, arch);
                return null;
            }
            Path file = Files.createTempFile("effitrain_kernels", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            String kernel = kernel0();
            LOG.debug("native kernels loaded ({})", kernel);
            return kernel;
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.debug("native kernels not loaded ({}): using tensor ops", e.toString());
            return null;
        }
    }
}
