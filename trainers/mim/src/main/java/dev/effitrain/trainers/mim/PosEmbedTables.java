package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.SinCosPosEmbed;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed sin-cos position embeddings (zero CLS row) built for the model's native grid, and resampled
 * to any other grid on first use. Arrays are kept for the model's lifetime, outside every NDScope.
 */
final class PosEmbedTables {
    private final NDManager manager;
    private final int dim;
    private final int nativeGrid;
    private final float[] nativeTable;
    private final Map<Integer, Table> byGrid = new HashMap<>();

    /** The CLS row (1, 1, D) and the patch rows (1, L, D) of one grid. */
    record Table(NDArray cls, NDArray patches) {
    }

    PosEmbedTables(NDManager manager, int dim, int nativeGrid) {
        this.manager = manager;
        this.dim = dim;
        this.nativeGrid = nativeGrid;
        this.nativeTable = SinCosPosEmbed.table(dim, nativeGrid, true);
    }

    Table at(int grid) {
        return byGrid.computeIfAbsent(grid, this::build);
    }

    private Table build(int grid) {
        float[] t = PosEmbedResampler.resample(nativeTable, dim, nativeGrid, grid, true);
        float[] cls = new float[dim];
        float[] patches = new float[grid * grid * dim];
        System.arraycopy(t, 0, cls, 0, dim);
        System.arraycopy(t, dim, patches, 0, patches.length);
        NDArray c = manager.create(cls, new Shape(1, 1, dim));
        NDArray p = manager.create(patches, new Shape(1, (long) grid * grid, dim));
        NDScope.unregister(c);
        NDScope.unregister(p);
        return new Table(c, p);
    }
}
