package dev.effitrain.core.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Vendor datasheet fp32 peaks of common NVIDIA GPUs, looked up by the name {@code nvidia-smi}
 * reports: the plain (non-tensor-core) rate, which is what libtorch's fp32 matrix products use
 * unless TF32 is switched on.
 */
final class GpuPeaks {
    private record Peak(String match, double fp32) {
    }

    /** Most specific names first: "H100 PCIe" before "H100". */
    private static final List<Peak> PEAKS = List.of(
            new Peak("H200", 67e12),
            new Peak("H100 PCIE", 51e12),
            new Peak("H100", 67e12),
            new Peak("A100", 19.5e12),
            new Peak("L40S", 91.6e12),
            new Peak("L40", 90.5e12),
            new Peak("L4", 30.3e12),
            new Peak("A10G", 31.2e12),
            new Peak("A10", 31.2e12),
            new Peak("RTX 4090", 82.6e12),
            new Peak("RTX 3090", 35.6e12),
            new Peak("V100", 15.7e12),
            new Peak("T4", 8.1e12));

    private GpuPeaks() {
    }

    /** fp32 peak FLOP/s for a GPU name, or null when the name is not in the table. */
    static Double fp32(String name) {
        Peak p = find(name);
        return p == null ? null : p.fp32();
    }

    private static Peak find(String name) {
        if (name == null) {
            return null;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return PEAKS.stream().filter(p -> upper.contains(p.match())).findFirst().orElse(null);
    }

    /** The GPU's name from nvidia-smi, or null when it cannot be asked. */
    static String name(int index) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i",
                    Integer.toString(index)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
