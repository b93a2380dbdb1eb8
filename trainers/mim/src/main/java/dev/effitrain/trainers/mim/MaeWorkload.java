package dev.effitrain.trainers.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonObject;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.data.image.EvalBatches;
import dev.effitrain.core.data.image.ImageBatch;
import dev.effitrain.core.data.image.ImageData;
import dev.effitrain.core.data.image.ImageDataset;
import dev.effitrain.core.data.image.LoaderPosition;
import dev.effitrain.core.estimate.ActivationShape;
import dev.effitrain.core.estimate.TokenStack;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.VitSpec;
import dev.effitrain.core.train.Workload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAE pretraining: masked reconstruction of unlabelled images. The current progressive stage
 * decides the image size and mask ratio. Evaluation reports the masked reconstruction loss on the
 * evaluation split under fixed masks and draws a reconstruction picture.
 */
final class MaeWorkload implements Workload {
    private static final long EVAL_NOISE = 0x6d61652d6576616cL;
    private static final long PICTURE_NOISE = 0x6d61652d70696373L;

    private final ImageData data;
    private final ImageStream stream;
    private final ParamStore params;
    private final MaeModel model;
    private final VitSpec spec;
    private final MaeConfig mae;
    private final int mlpRatio;
    private final int microBatch;
    private final long seed;
    private final ReconstructionPictures pictures;
    private final String source;
    private StagePlan.Stage stage;
    private int keep;
    private long step;

    private MaeWorkload(ImageData data, ImageStream stream, ParamStore params, MaeModel model, VitSpec spec, MaeConfig mae,
                        int mlpRatio, int microBatch, long seed, Path runDir, String source) {
        this.data = data;
        this.stream = stream;
        this.params = params;
        this.model = model;
        this.spec = spec;
        this.mae = mae;
        this.mlpRatio = mlpRatio;
        this.microBatch = microBatch;
        this.seed = seed;
        this.pictures = mae.reconImages() == 0 ? null : new ReconstructionPictures(model, spec.patchSize(), spec.channels(),
                stream.normalization(), runDir, mae.reconImages(), Seeds.of(seed, PICTURE_NOISE, 0));
        this.source = source;
        enterStage(StagePlan.first(mae, spec.imageSize()));
    }

    static MaeWorkload open(Recipe recipe, MaeConfig mae, NDManager manager, Path runDir) {
        ImageData data = MimData.open(recipe);
        ParamStore params = new ParamStore(manager);
        try {
            VitSpec spec = VitSpec.of(recipe.model(), data.channels(), data.numClasses());
            MaeModel model = new MaeModel(params, spec, mae, recipe.model().mlpRatio());
            ImageStream stream = new ImageStream(data, recipe.data(), recipe.train().microBatch(), recipe.seed(),
                    data.normalization(recipe.data().normalize()), spec.imageSize());
            return new MaeWorkload(data, stream, params, model, spec, mae, recipe.model().mlpRatio(),
                    recipe.train().microBatch(), recipe.seed(), runDir, recipe.data().source());
        } catch (RuntimeException e) {
            params.close();
            throw e;
        }
    }

    /** Called before each optimizer step with the stage that step belongs to. */
    void beforeStep(long completedSteps, StagePlan.Stage s) {
        step = completedSteps + 1;
        if (!s.equals(stage)) {
            enterStage(s);
        }
    }

    private void enterStage(StagePlan.Stage s) {
        stage = s;
        stream.resize(s.imageSize());
        keep = RandomMasking.keepCount(patches(), s.maskRatio());
    }

    /**
     * What a training sample holds for the backward pass in the current stage (for estimate): the
     * encoder over the visible patches and CLS, the decoder over every patch and CLS; outside them
     * the patchified image, the patch embedding, the decoder's input with mask tokens, the
     * prediction, target and loss terms.
     */
    ActivationShape activations() {
        long p = patches();
        long enc = keep + 1L;
        long dec = p + 1L;
        int dd = mae.decoderDim();
        long pixels = p * spec.patchDim();
        TokenStack encoder = new TokenStack(enc, spec.layers(), spec.dModel(), spec.heads(), spec.mlpHidden(), spec.dropout());
        TokenStack decoder = new TokenStack(dec, mae.decoderDepth(), dd, mae.decoderHeads(), mlpRatio * dd, 0);
        long edge = 6 * pixels + p * spec.dModel() + 2 * enc * spec.dModel() + 3 * dec * dd;
        return new ActivationShape(List.of(encoder, decoder), edge, pixels);
    }

    int visiblePatches() {
        return keep;
    }

    private int grid() {
        return stage.imageSize() / spec.patchSize();
    }

    private int patches() {
        return grid() * grid();
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public long trainSamples() {
        return data.train().size();
    }

    /** Patches per image at the current resolution (the encoder sees {@link #visiblePatches()} of them). */
    @Override
    public long tokensPerSample() {
        return patches();
    }

    @Override
    public double trainingFlopsPerSample() {
        return MaeFlops.pretrainTraining(spec, mae, mlpRatio, grid(), keep);
    }

    @Override
    public Batch nextTrainBatch(NDManager manager, int n) {
        ImageBatch b = stream.next();
        return new Batch(b.imagesArray(manager), b.labelsArray(manager), b.size());
    }

    @Override
    public StepResult forward(Batch batch, boolean training) {
        NDArray images = batch.inputs();
        return new StepResult(model.forward(images, model.noise(images), keep, training).loss());
    }

    /** Masked reconstruction loss on the evaluation split, each batch under its own fixed mask; then a picture. */
    @Override
    public Map<String, Double> evaluate(NDManager manager, int maxBatches) {
        Map<String, Double> out = new LinkedHashMap<>();
        ImageDataset eval = stream.eval();
        if (eval == null) {
            return out;
        }
        double lossSum = 0;
        long images = 0;
        try (EvalBatches batches = new EvalBatches(eval, microBatch, stream.normalization(), 0, maxBatches)) {
            for (int k = 0; batches.hasNext(); k++) {
                ImageBatch b = batches.next();
                try (NDScope scope = new NDScope()) {
                    NDArray x = b.imagesArray(manager);
                    NDArray noise = FixedNoise.of(manager, b.size(), patches(), Seeds.of(seed, EVAL_NOISE, k));
                    lossSum += model.forward(x, noise, keep, false).loss().getFloat() * b.size();
                    images += b.size();
                }
            }
        }
        out.put("val_loss", lossSum / Math.max(1, images));
        if (pictures != null) {
            pictures.write(manager, eval, keep, step);
        }
        return out;
    }

    @Override
    public JsonObject dataState() {
        return stream.position().toJsonObject();
    }

    @Override
    public void restoreDataState(JsonObject state) {
        stream.restore(LoaderPosition.fromJson(state));
    }

    @Override
    public String describe() {
        return String.format("MAE: ViT encoder %d layers, d_model %d, %d heads, patch %d at %dpx (%d patches, %d visible at "
                        + "mask ratio %.2f); decoder %d blocks, width %d, %d heads; norm_pix_loss %s: %,d parameters; %s",
                spec.layers(), spec.dModel(), spec.heads(), spec.patchSize(), stage.imageSize(), patches(), keep,
                stage.maskRatio(), mae.decoderDepth(), mae.decoderDim(), mae.decoderHeads(), mae.normPixLoss() ? "on" : "off",
                params.numel(), MimData.describe(source, data));
    }

    @Override
    public void close() {
        stream.close();
        params.close();
    }
}
