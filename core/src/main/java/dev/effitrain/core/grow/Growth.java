package dev.effitrain.core.grow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a model transition (growth or coalescing) to a model's parameters by name: width first
 * (at the source depth), then depth, as bert2BERT does. Works on plain name → tensor maps, so the
 * same code serves the progressive trainer (live parameters) and {@code effitrain expand} (files).
 *
 * <p>Call inside an {@code NDScope}: every result is a new temporary (or a source tensor passed
 * through); copy what you keep into parameters before the scope closes.
 */
public final class Growth {
    private Growth() {
    }

    /**
     * New values for the target model's parameters.
     *
     * @param fresh a freshly initialised model of the target size (its values feed new layers and
     *              new rows/columns; its names are the target's names)
     * @throws IllegalArgumentException when {@link GrowthCheck} finds a problem
     */
    public static Map<String, NDArray> weights(Map<String, NDArray> source, ModelDims from, ModelDims to,
                                               GrowthSpec spec, Map<String, NDArray> fresh) {
        Map<String, NDArray> out = transform(source, from, to, spec, Fresh.initialised(fresh));
        return spec.noise() > 0 ? withNoise(out, source, from, to, spec) : out;
    }

    /**
     * Per-parameter optimizer state (moments) through the same operator as the weights: copied and
     * divided alike, merged alike; new layers and new units start at zero and no noise is added.
     * {@code source} may cover only some parameters; the result covers what it could map.
     *
     * @param targetLike the target model's parameters (for names and shapes)
     */
    public static Map<String, NDArray> moments(Map<String, NDArray> source, ModelDims from, ModelDims to,
                                               GrowthSpec spec, Map<String, NDArray> targetLike) {
        return transform(source, from, to, spec, Fresh.zeros(targetLike));
    }

    private static Map<String, NDArray> transform(Map<String, NDArray> source, ModelDims from, ModelDims to,
                                                  GrowthSpec spec, Fresh fresh) {
        List<GrowthCheck.Problem> problems = GrowthCheck.check(from, to, spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        boolean shrink = to.layers() < from.layers() || to.dModel() < from.dModel() || to.heads() < from.heads()
                || to.mlpHidden() < from.mlpHidden();
        Map<String, NDArray> x = new LinkedHashMap<>(source);
        ModelDims at = from;
        if (!from.sameWidth(to)) {
            x = shrink ? WidthTransform.merge(x, from, to) : WidthTransform.grow(x, from, to, spec.width(), fresh);
            at = new ModelDims(to.family(), from.layers(), to.dModel(), to.heads(), to.mlpHidden(), to.tiedHead());
        }
        if (at.layers() != to.layers()) {
            x = shrink
                    ? DepthTransform.merge(x, LayerMaps.mergeGroups(spec.groups(), at.layers(), to.layers()))
                    : DepthTransform.grow(x, LayerMaps.growth(spec.depth(), spec.groups(), at.layers(), to.layers()),
                    spec.depth(), fresh);
        }
        return x;
    }

    /**
     * Net2Net-style symmetry breaking: Gaussian noise of {@code noise} × the tensor's standard
     * deviation on every grown matrix (shape changed, or a layer that is an extra copy).
     */
    private static Map<String, NDArray> withNoise(Map<String, NDArray> grown, Map<String, NDArray> source,
                                                  ModelDims from, ModelDims to, GrowthSpec spec) {
        boolean[] copies = from.layers() == to.layers() || to.layers() < from.layers()
                ? new boolean[to.layers()]
                : LayerMaps.newLayers(LayerMaps.growth(spec.depth(), spec.groups(), from.layers(), to.layers()));
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : grown.entrySet()) {
            NDArray x = e.getValue();
            NDArray before = source.get(e.getKey());
            int layer = TensorRoles.layerOf(e.getKey());
            boolean changed = before == null || !before.getShape().equals(x.getShape()) || layer >= 0 && copies[layer];
            if (changed && x.getShape().dimension() >= 2) {
                float std = x.sub(x.mean()).square().mean().sqrt().getFloat();
                x = x.add(x.getManager().randomNormal(0f, (float) (spec.noise() * std), x.getShape(), DataType.FLOAT32));
            }
            out.put(e.getKey(), x);
        }
        return out;
    }
}
