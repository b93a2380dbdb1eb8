package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.Origin;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Whole-recipe checks of the mim trainer: everything that would otherwise fail once training started. */
final class MimValidation {
    private MimValidation() {
    }

    static void check(Recipe r, MaeConfig mae, ValidationErrors errors) {
        ModelConfig m = r.model();
        if (!"vit".equals(m.arch())) {
            errors.at("model.arch", "the mim trainer trains a ViT encoder; set model.arch: vit");
        }
        if (!"sincos".equals(m.posEmbed())) {
            errors.at("model.pos_embed", "MAE uses fixed sin-cos position embeddings (resampled when the resolution "
                    + "changes); set model.pos_embed: sincos");
        }
        if (m.dModel() % 4 != 0) {
            errors.at("model.d_model", "sin-cos position embeddings need d_model divisible by 4, got " + m.dModel());
        }
        if (mae == null || mae.mode() == null) {
            return;
        }
        int patch = m.patchSize();
        boolean gridKnown = patch > 0 && m.imageSize() > 0 && m.imageSize() % patch == 0;
        if (gridKnown) {
            maskRatio("mae.mask_ratio", mae.maskRatio(), m.imageSize() / patch, errors);
        }
        decoder(mae, errors);
        learningRate(r, mae, errors);
        if (mae.reconImages() < 0) {
            errors.at("mae.recon_images", "must be 0 (no pictures) or more, got " + mae.reconImages());
        }
        if (mae.mode() == MaeConfig.Mode.LINPROBE && !mae.stages().isEmpty()) {
            errors.at("mae.stages", "progressive stages apply to pretraining; remove them for mode linprobe");
        } else if (patch > 0) {
            stages(mae, m, errors);
        }
    }

    private static void maskRatio(String path, double ratio, int grid, ValidationErrors errors) {
        int patches = grid * grid;
        if (!(ratio >= 0 && ratio < 1)) {
            errors.at(path, "must be in [0, 1), got " + ratio);
        } else if (RandomMasking.keepCount(patches, ratio) < 1) {
            errors.at(path, ratio + " leaves no visible patch of " + patches + " (int(" + patches + "·(1 − " + ratio
                    + ")) = 0); lower it or use a smaller patch_size");
        }
    }

    private static void decoder(MaeConfig mae, ValidationErrors errors) {
        if (mae.decoderDepth() < 1) {
            errors.at("mae.decoder_depth", "must be at least 1, got " + mae.decoderDepth());
        }
        if (mae.decoderHeads() < 1) {
            errors.at("mae.decoder_heads", "must be at least 1, got " + mae.decoderHeads());
        }
        if (mae.decoderDim() < 4 || mae.decoderDim() % 4 != 0) {
            errors.at("mae.decoder_dim", "must be a positive multiple of 4 (sin-cos position embeddings), got "
                    + mae.decoderDim());
        } else if (mae.decoderHeads() >= 1 && mae.decoderDim() % mae.decoderHeads() != 0) {
            errors.at("mae.decoder_heads", mae.decoderHeads() + " heads do not divide decoder_dim " + mae.decoderDim());
        }
    }

    private static void learningRate(Recipe recipe, MaeConfig mae, ValidationErrors errors) {
        if (mae.baseLr() == null) {
            return;
        }
        if (recipe.optimizer() != null && recipe.optimizer().lrScaling() != null) {
            errors.at("optimizer.lr_scaling", "mae.base_lr already scales the rate (base_lr · batch_size / "
                    + MaeConfig.LR_REFERENCE_BATCH + "); set mae.base_lr: null to use optimizer.lr with lr_scaling");
        }
        if (!(mae.baseLr() > 0) || mae.baseLr().isInfinite()) {
            errors.at("mae.base_lr", "must be a positive number (or null to use optimizer.lr), got " + mae.baseLr());
        }
        Origin lr = errors.originOf("optimizer.lr");
        if (lr != null && !lr.builtin()) {
            errors.at("mae.base_lr", "both mae.base_lr and optimizer.lr are set; MAE's rule lr = base_lr · batch_size / "
                    + MaeConfig.LR_REFERENCE_BATCH + " decides the rate, so set mae.base_lr: null to use optimizer.lr "
                    + "as written, or remove optimizer.lr");
        }
    }

    private static void stages(MaeConfig mae, ModelConfig m, ValidationErrors errors) {
        List<MaeConfig.Stage> stages = mae.stages();
        Map<Object, Double> lastEnd = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            MaeConfig.Stage s = stages.get(i);
            String at = "mae.stages[" + i + "]";
            if (s == null) {
                continue;
            }
            if (s.until() == null) {
                errors.at(at + ".until", "required: when the stage ends, e.g. 2ep, 500ba or 0.5dur");
            } else {
                Duration u = s.until();
                Double before = lastEnd.put(u.unit(), u.value());
                if (before != null && u.value() <= before) {
                    errors.at(at + ".until", u + " does not come after the previous stage's end");
                }
            }
            int size = s.imageSize() == null ? m.imageSize() : s.imageSize();
            int patch = m.patchSize();
            if (s.imageSize() != null && (size < patch || size % patch != 0 || size > m.imageSize())) {
                errors.at(at + ".image_size", size + " must be a multiple of patch_size " + patch
                        + " between " + patch + " and model.image_size " + m.imageSize());
            } else if (size % patch == 0 && size > 0) {
                double ratio = s.maskRatio() == null ? mae.maskRatio() : s.maskRatio();
                maskRatio(at + (s.maskRatio() == null ? "" : ".mask_ratio"), ratio, size / patch, errors);
            }
        }
    }
}
