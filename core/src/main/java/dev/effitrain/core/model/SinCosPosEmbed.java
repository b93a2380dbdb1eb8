package dev.effitrain.core.model;

/**
 * Fixed 2-D sine-cosine position embeddings exactly as MAE's {@code get_2d_sincos_pos_embed}:
 * grid = meshgrid(w, h); the first half of the channels encodes grid[0] (the column), the second
 * half grid[1] (the row); each half is [sin(pos·ω), cos(pos·ω)] with ω_i = 1/10000^(2i/D');
 * an all-zero row is prepended for CLS.
 */
public final class SinCosPosEmbed {
    private SinCosPosEmbed() {
    }

    /** (1 + grid², dim) row-major values; row 0 (CLS) is zero when {@code withCls}. */
    public static float[] table(int dim, int grid, boolean withCls) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("sin-cos position embeddings need d_model divisible by 4, got " + dim);
        }
        int offset = withCls ? 1 : 0;
        float[] out = new float[(offset + grid * grid) * dim];
        int half = dim / 2;
        for (int h = 0; h < grid; h++) {
            for (int w = 0; w < grid; w++) {
                int row = offset + h * grid + w;
                fill1d(out, row * dim, half, w);          // grid[0]: varies along the width
                fill1d(out, row * dim + half, half, h);   // grid[1]: varies along the height
            }
        }
        return out;
    }

    private static void fill1d(float[] out, int start, int dim, double pos) {
        int quarter = dim / 2;
        for (int i = 0; i < quarter; i++) {
            double omega = 1.0 / Math.pow(10000.0, (double) i / quarter);
            out[start + i] = (float) Math.sin(pos * omega);
            out[start + quarter + i] = (float) Math.cos(pos * omega);
        }
    }
}
