package dev.effitrain.core.train;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

/** Which libtorch the engine loaded (its CUDA capability) and how the distribution was built. */
public final class EngineFlavor {
    private EngineFlavor() {
    }

    /** {@code cuda} when the loaded libtorch has CUDA, else {@code cpu}. */
    public static String libtorch() {
        return Engine.getInstance().hasCapability(StandardCapabilities.CUDA) ? "cuda" : "cpu";
    }

    /** The launcher's build flavour ({@code -Deffitrain.flavor}), or {@code unknown} outside the launcher. */
    public static String build() {
        return System.getProperty("effitrain.flavor", "unknown");
    }

    /** One line for a user who asked for a GPU that this engine cannot give. */
    static String howToGetGpus() {
        if ("cpu".equals(libtorch())) {
            return "this effitrain runs the CPU build of libtorch: rebuild the GPU flavour with "
                    + "EFFITRAIN_FLAVOR=gpu ./effitrain env (the CUDA libtorch must be reachable or pre-staged: "
                    + "README, 'Running on a GPU')";
        }
        return "the CUDA libtorch is loaded but no GPU is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)";
    }
}
