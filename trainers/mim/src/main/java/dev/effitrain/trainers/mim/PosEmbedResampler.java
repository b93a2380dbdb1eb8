package dev.effitrain.trainers.mim;

/**
 * Resamples a position-embedding table laid out on a square grid to another grid size, as
 * DailyMAE does when the input resolution changes (timm {@code resample_abs_pos_embed}). The CLS
 * row is kept as it is; the grid rows are interpolated bilinearly per channel with half-pixel
 * centres ({@code F.interpolate(mode='bilinear', align_corners=False)}; timm defaults to bicubic).
 * The same grid size returns the table unchanged.
 */
public final class PosEmbedResampler {
    private PosEmbedResampler() {
    }

    /**
     * @param table (1 + from², dim) row-major when {@code withCls}, else (from², dim)
     * @return (1 + to², dim), resp. (to², dim)
     */
    public static float[] resample(float[] table, int dim, int from, int to, boolean withCls) {
        int offset = withCls ? 1 : 0;
        if (table.length != (offset + from * from) * dim) {
            throw new IllegalArgumentException("table of " + table.length + " values is not " + (offset + from * from)
                    + " rows of " + dim);
        }
        if (from == to) {
            return table.clone();
        }
        float[] out = new float[(offset + to * to) * dim];
        System.arraycopy(table, 0, out, 0, offset * dim);
        Axis[] axis = new Axis[to];
        for (int i = 0; i < to; i++) {
            axis[i] = Axis.of(i, from, to);
        }
        for (int y = 0; y < to; y++) {
            Axis ay = axis[y];
            for (int x = 0; x < to; x++) {
                Axis ax = axis[x];
                int dst = (offset + y * to + x) * dim;
                int r00 = (offset + ay.lo * from + ax.lo) * dim;
                int r01 = (offset + ay.lo * from + ax.hi) * dim;
                int r10 = (offset + ay.hi * from + ax.lo) * dim;
                int r11 = (offset + ay.hi * from + ax.hi) * dim;
                for (int c = 0; c < dim; c++) {
                    float top = table[r00 + c] * (1 - ax.w) + table[r01 + c] * ax.w;
                    float bottom = table[r10 + c] * (1 - ax.w) + table[r11 + c] * ax.w;
                    out[dst + c] = top * (1 - ay.w) + bottom * ay.w;
                }
            }
        }
        return out;
    }

    /** Source neighbours and weight of output index i along one axis. */
    private record Axis(int lo, int hi, float w) {
        static Axis of(int i, int from, int to) {
            double src = Math.max(0, (i + 0.5) * from / to - 0.5);
            int lo = Math.min((int) Math.floor(src), from - 1);
            int hi = Math.min(lo + 1, from - 1);
            return new Axis(lo, hi, (float) (src - lo));
        }
    }
}
