package dev.effitrain.core.grow;

import java.util.EnumMap;
import java.util.Map;

/**
 * The unit maps of one width change, small → big, for every {@link Space}: residual units, heads
 * (whole heads, so the attention and qkv maps follow from the head map) and MLP units. Units map
 * cyclically (j ↦ j mod n), which duplicates every unit equally often when the size grows by a
 * whole factor, and pairs unit i with i + n, i + 2n, … when merging (the multi-level default).
 */
final class SpaceMaps {
    private final Map<Space, WidthMap> maps = new EnumMap<>(Space.class);

    SpaceMaps(WidthMap residual, WidthMap heads, WidthMap mlp, int headDim) {
        WidthMap attention = heads.perHead(headDim);
        maps.put(Space.RESIDUAL, residual);
        maps.put(Space.ATTENTION, attention);
        maps.put(Space.QKV, attention.stacked(3));
        maps.put(Space.MLP, mlp);
    }

    static SpaceMaps cyclic(ModelDims small, ModelDims big) {
        return new SpaceMaps(WidthMap.cyclic(small.dModel(), big.dModel()), WidthMap.cyclic(small.heads(), big.heads()),
                WidthMap.cyclic(small.mlpHidden(), big.mlpHidden()), small.headDim());
    }

    WidthMap of(Space s) {
        return maps.get(s);
    }
}
