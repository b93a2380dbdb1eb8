package dev.effitrain.core.report;

import java.util.List;

/**
 * What one PNG shows: lines with a legend entry each, dashed vertical stage markers and, when
 * {@code target} is not null, a horizontal line at the target value.
 */
public record ChartSpec(String title, String xTitle, String yTitle, List<Line> lines, List<Marker> markers,
                        Target target) {

    public ChartSpec(String title, String xTitle, String yTitle, List<Line> lines, List<Marker> markers) {
        this(title, xTitle, yTitle, lines, markers, null);
    }

    /** A curve; {@code color} indexes the palette so that a run keeps its colour on every chart. */
    public record Line(String label, double[] x, double[] y, int color) {
        public int points() {
            return x.length;
        }
    }

    /** A vertical marker at {@code x}; {@code color} -1 draws it grey. */
    public record Marker(double x, String label, int color) {
    }

    /** A horizontal reference line, such as the comparison's target value. */
    public record Target(double y, String label) {
    }
}
