package dev.effitrain.trainers.mim;

import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.config.Recipe;

/** Copies of a recipe with one value changed, for what the trainer hands the shared loop. */
final class MaeRecipes {
    private MaeRecipes() {
    }

    static Recipe withLr(Recipe r, double lr) {
        OptimizerConfig o = r.optimizer();
        OptimizerConfig changed = new OptimizerConfig(o.name(), lr, o.betas(), o.eps(), o.weightDecay(), o.momentum(),
                o.nesterov(), o.decayNormsAndBiases(), o.blockSize(), o.min8bitSize(), o.overrides());
        return new Recipe(r.name(), r.trainer(), r.seed(), r.device(), r.output(), r.initFrom(), r.model(), r.data(),
                changed, r.schedule(), r.train(), r.sections(), r.resolvedYaml(), r.baseDir());
    }

    /** The probe loads its encoder itself; the loop must not copy init_from's tensors into the classifier. */
    static Recipe withoutInitFrom(Recipe r) {
        return new Recipe(r.name(), r.trainer(), r.seed(), r.device(), r.output(), null, r.model(), r.data(),
                r.optimizer(), r.schedule(), r.train(), r.sections(), r.resolvedYaml(), r.baseDir());
    }
}
