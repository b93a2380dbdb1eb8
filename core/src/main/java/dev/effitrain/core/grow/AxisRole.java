package dev.effitrain.core.grow;

/**
 * One axis of a parameter that runs along a growable width.
 *
 * @param fanIn the axis consumes the width (weight columns, a norm feeding a tied head): growth
 *              divides it by the copy count and merging sums it; otherwise the axis produces the
 *              width and is copied on growth and averaged on merging
 */
record AxisRole(int axis, Space space, boolean fanIn) {
}
