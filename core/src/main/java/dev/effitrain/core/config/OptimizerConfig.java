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
        List<ParamOverride> overrides,
        LrScaling lrScaling    // null: optimizer.lr as written, whatever the batch size
) {
    /** Without {@code lr_scaling}. */
    public OptimizerConfig(String name, double lr, List<Double> betas, double eps, double weightDecay, double momentum,
                           boolean nesterov, boolean decayNormsAndBiases, int blockSize, long min8bitSize,
                           List<ParamOverride> overrides) {
        this(name, lr, betas, eps, weightDecay, momentum, nesterov, decayNormsAndBiases, blockSize, min8bitSize,
                overrides, null);
    }

    /** This configuration with {@code optimizer.lr} and each override's lr multiplied by {@code factor}. */
    public OptimizerConfig withLrTimes(double factor) {
        List<ParamOverride> scaled = overrides == null ? null : overrides.stream()
                .map(o -> o == null || o.lr() == null ? o : new ParamOverride(o.match(), o.state(), o.lr() * factor, o.weightDecay()))
                .toList();
        return new OptimizerConfig(name, lr * factor, betas, eps, weightDecay, momentum, nesterov, decayNormsAndBiases,
                blockSize, min8bitSize, scaled, lrScaling);
    }

    public double beta1() {
        return betas.get(0);
    }

    public double beta2() {
        return betas.size() > 1 ? betas.get(1) : 0.999;
    }

    /** Per-parameter override: parameters whose name matches the glob {@code match}. */
    public record ParamOverride(String match, String state, Double lr, Double weightDecay) {
    }

    /**
     * {@code lr_scaling:} the learning rate as a function of the batch size: {@code optimizer.lr} (and
     * {@code schedule.min_lr}) hold at {@code reference_batch} and scale by {@code rule} to train.batch_size.
     */
    public record LrScaling(String rule, int referenceBatch) {
        public static final String LINEAR = "linear";
        public static final String SQRT = "sqrt";
        public static final List<String> RULES = List.of(LINEAR, SQRT);
    }
}
