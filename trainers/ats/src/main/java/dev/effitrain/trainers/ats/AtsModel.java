package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.Normalization;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;

/**
 * The recipe's image data (normalised with training-set statistics, as the standard trainer does)
 * and its ViT with ATS, on one parameter store.
 */
public final class AtsModel implements AutoCloseable {
    private final Recipe recipe;
    private final ImageData data;
    private final Normalization norm;
    private final ParamStore params;
    private final AtsVit ats;

    private AtsModel(Recipe recipe, ImageData data, ParamStore params, AtsVit ats) {
        this.recipe = recipe;
        this.data = data;
        this.norm = data.normalization(recipe.data().normalize());
        this.params = params;
        this.ats = ats;
    }

    public static AtsModel open(Recipe recipe, AtsConfig cfg, NDManager manager) {
        ImageData data = ImageData.open(recipe.data(), recipe.model().imageSize(), recipe.seed(), recipe.baseDir());
        int channels = recipe.model().channels() > 0 ? recipe.model().channels() : data.channels();
        int classes = recipe.model().numClasses() > 0 ? recipe.model().numClasses() : data.numClasses();
        ParamStore params = new ParamStore(manager);
        Vit vit = new Vit(params, VitSpec.of(recipe.model(), channels, classes));
        return new AtsModel(recipe, data, params, AtsVit.of(vit, cfg));
    }

    public ImageData data() {
        return data;
    }

    public Normalization normalization() {
        return norm;
    }

    public ParamStore params() {
        return params;
    }

    public AtsVit ats() {
        return ats;
    }

    /** Evaluation batches of the micro-batch size; {@code maxBatches} 0 = the whole split. */
    public EvalBatches evalBatches(int maxBatches) {
        return data.evalBatches(recipe.data(), recipe.train().microBatch(), norm, maxBatches);
    }

    public String describe() {
        VitSpec s = ats.spec();
        return String.format("ViT %d layers, d_model %d, %d heads, %dx%d images, patch %d (%d tokens), %d classes, "
                        + "%,d parameters; ATS (block -> K) %s; eval on %s (%,d)",
                s.layers(), s.dModel(), s.heads(), s.imageSize(), s.imageSize(), s.patchSize(), s.numPatches() + 1,
                s.numClasses(), params.numel(), ats.budgets(), data.evalSplit(), data.eval() == null ? 0 : data.eval().size());
    }

    @Override
    public void close() {
        params.close();
    }
}
