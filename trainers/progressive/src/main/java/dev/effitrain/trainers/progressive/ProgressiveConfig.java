package dev.effitrain.trainers.progressive;

import java.util.List;

/**
 * The {@code progressive:} recipe section: the stages of a run, in order. No stages means one stage,
 * the recipe's own model, for the whole run (a from-scratch baseline through the same trainer).
 */
public record ProgressiveConfig(List<StageConfig> stages) {
}
