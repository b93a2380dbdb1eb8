package dev.effitrain.core.report;

/** A growth or stage boundary logged by progressive training ({@code "event":"stage"}). */
public record StageMark(long step, String name) {
}
