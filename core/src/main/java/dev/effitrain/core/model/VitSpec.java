package dev.effitrain.core.model;

import dev.effitrain.core.config.ModelConfig;

/** The shape of a ViT and its analytic FLOPs. */
public record VitSpec(int imageSize, int patchSize, int channels, int numClasses, int layers, int dModel,
                      int heads, int mlpHidden, double dropout, boolean clsPool, boolean learnedPos, boolean qkNorm) {

    public VitSpec(int imageSize, int patchSize, int channels, int numClasses, int layers, int dModel,
                   int heads, int mlpHidden, double dropout, boolean clsPool, boolean learnedPos) {
        this(imageSize, patchSize, channels, numClasses, layers, dModel, heads, mlpHidden, dropout, clsPool, learnedPos, false);
    }

    public static VitSpec of(ModelConfig m, int channels, int numClasses) {
        return new VitSpec(m.imageSize(), m.patchSize(), channels, numClasses, m.layers(), m.dModel(), m.heads(),
                m.mlpWidth(), m.dropout(), !"mean".equals(m.pool()), !"sincos".equals(m.posEmbed()), m.qkNorm());
    }

    public int grid() {
        return imageSize / patchSize;
    }

    public int numPatches() {
        return grid() * grid();
    }

    public int patchDim() {
        return channels * patchSize * patchSize;
    }

    /** Forward FLOPs of one block over n tokens: the four projections, the MLP, QKᵀ and AV. */
    public double blockFlops(long n) {
        double d = dModel;
        return 2.0 * n * (4 * d * d + 2 * d * mlpHidden) + 4.0 * n * n * d;
    }

    /** Forward FLOPs per image with every patch kept. */
    public double forwardFlops() {
        long n = numPatches() + 1L;
        return 2.0 * numPatches() * patchDim() * dModel + layers * blockFlops(n) + 2.0 * dModel * numClasses;
    }

    /** Training FLOPs per image (forward + backward ≈ 3 × forward). */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }
}
