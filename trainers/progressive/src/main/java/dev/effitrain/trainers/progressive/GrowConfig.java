package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.grow.DepthOp;
import dev.effitrain.core.grow.LayerGroups;
import dev.effitrain.core.grow.WidthOp;

/**
 * {@code grow:} of a stage: how the previous stage's model becomes this stage's.
 *
 * @param depth       stack (default) | interleave | copy-top | identity | random | coalesce | decoalesce
 * @param width       fpi (default) | aki | random | coalesce | decoalesce
 * @param groups      adjacent (default) | stack: which layers coalesce/decoalesce pair up
 * @param noise       symmetry-breaking noise, a fraction of each grown tensor's standard deviation
 * @param mask        MSG: the new structure ramps in from 0 to 1 over this duration
 * @param interpolate after de-coalescing: θ ← (1−α)·θ_before_coalescing + α·θ, with α this value
 */
public record GrowConfig(DepthOp depth, WidthOp width, LayerGroups groups, Double noise, Duration mask,
                         Double interpolate) {
}
