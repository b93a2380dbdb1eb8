package dev.effitrain.trainers.ats;

import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Whole-recipe checks for the {@code ats} trainer: everything that would otherwise fail at run time. */
final class AtsValidation {
    private AtsValidation() {
    }

    static void check(Recipe recipe, ValidationErrors errors) {
        AtsConfig cfg = recipe.section("ats", AtsConfig.class);
        ModelConfig model = recipe.model();
        if (!"vit".equals(model.arch())) {
            errors.at("model.arch", "the ats trainer samples image tokens: it needs arch vit, got " + model.arch());
            return;
        }
        if (!List.of(AtsConfig.EVAL, AtsConfig.FINETUNE).contains(cfg.mode())) {
            errors.at("ats.mode", "expected eval or finetune, got " + cfg.mode());
        } else if (AtsConfig.EVAL.equals(cfg.mode()) && recipe.initFrom() == null) {
            errors.at("init_from", "ats.mode eval plugs ATS into a trained ViT: set init_from to its checkpoint or run directory");
        }
        if (model.patchSize() <= 0 || model.imageSize() % model.patchSize() != 0) {
            return; // the model section's own checks report it
        }
        int grid = model.imageSize() / model.patchSize();
        int full = grid * grid + 1;
        if (full < 3) {
            errors.at("model.patch_size", "ATS needs at least 2 patches to choose from, the image has " + (full - 1));
        }
        if (cfg.fromBlock() != null) {
            fromBlock(cfg, model.layers(), errors);
        } else {
            blocks(cfg.blocks(), model.layers(), errors);
        }
        budgets(cfg, cfg.blocks(model.layers()).size(), full, errors);
        if (cfg.pictureImages() < 0) {
            errors.at("ats.picture_images", "must be 0 (no picture) or more, got " + cfg.pictureImages());
        }
    }

    private static void fromBlock(AtsConfig cfg, int layers, ValidationErrors errors) {
        if (!cfg.blocks().isEmpty()) {
            errors.at("ats.from_block", "give ats.blocks or ats.from_block, not both");
        } else if (cfg.fromBlock() < 0 || cfg.fromBlock() >= layers) {
            errors.at("ats.from_block", "block " + cfg.fromBlock() + " does not exist: the model has blocks 0.."
                    + (layers - 1));
        }
    }

    private static void blocks(List<Integer> blocks, int layers, ValidationErrors errors) {
        if (blocks.isEmpty()) {
            errors.at("ats.blocks", "list the blocks that sample tokens (0-based), e.g. [2, 3, 4, 5], "
                    + "or give ats.from_block");
            return;
        }
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        for (int i = 0; i < blocks.size(); i++) {
            Integer b = blocks.get(i);
            String at = "ats.blocks[" + i + "]";
            if (b == null || b < 0 || b >= layers) {
                errors.at(at, "block " + b + " does not exist: the model has blocks 0.." + (layers - 1));
            } else if (!seen.add(b)) {
                errors.at(at, "block " + b + " is listed twice");
            } else if (b < previous) {
                errors.at(at, "list the blocks in ascending order (" + b + " after " + previous + ")");
            } else {
                previous = b;
            }
        }
    }

    private static void budgets(AtsConfig cfg, int stages, int full, ValidationErrors errors) {
        List<Double> k = cfg.k();
        if (k.size() != 1 && k.size() != stages) {
            errors.at("ats.k", "give one K for all ATS blocks or one per block (" + stages + "), got " + k.size());
        }
        for (int i = 0; i < k.size(); i++) {
            Double v = k.get(i);
            String at = "ats.k[" + i + "]";
            if (v == null || !(v > 0) || v.isInfinite()) {
                errors.at(at, "must be a token count (> 1) or a ratio in (0, 1], got " + v);
            } else if (v > full) {
                errors.at(at, "K " + v.longValue() + " is more than the " + full + " tokens of an image (" + (full - 1)
                        + " patches + CLS); use at most " + full + ", or a ratio in (0, 1]");
            } else if (v > 1 && v != Math.rint(v)) {
                errors.at(at, "a token count must be whole, got " + v + " (a ratio is at most 1)");
            }
        }
    }
}
