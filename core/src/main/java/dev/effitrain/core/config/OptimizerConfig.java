package dev.effitrain.core.config;

import java.util.List;

/** {@code optimizer:} section. */
public record OptimizerConfig(
        String name,           // adamw | adam | sgd | adamw8bit | ...
        double lr,
        List<Double> betas,    // [beta1, beta2]
        double eps,
        double weightDecay,
        double momentum,       // sgd
        boolean nesterov,      // sgd
        boolean decayNormsAndBiases, // false: no weight decay on biases, norms, embeddings
        int blockSize,         // 8-bit: quantization block size
        long min8bitSize,      // 8-bit: tensors smaller than this keep 32-bit state
        List<ParamOverride> overrides
) {
    public double beta1() {
        return betas.get(0);
    }

    public double beta2() {
        return betas.size() > 1 ? betas.get(1) : 0.999;
    }

    /** Per-parameter override: parameters whose name matches the glob {@code match}. */
    public record ParamOverride(String match, String state, Double lr, Double weightDecay) {
    }
}
