package dev.effitrain.core.report;

import java.util.List;

/** What one PNG shows: lines with a legend entry each, and dashed vertical stage markers. */
public record ChartSpec(String title, String xTitle, String yTitle, List<Line> lines, List<Marker> markers) {

    /** A curve; {@code color} indexes the palette so that a run keeps its colour on every chart. */
    public record Line(String label, double[] x, double[] y, int color) {
        public int points() {
            return x.length;
        }
    }

    /** A vertical marker at {@code x}; {@code color} -1 draws it grey. */
    public record Marker(double x, String label, int color) {
    }

    public int maxPoints() {
        return lines.stream().mapToInt(Line::points).max().orElse(0);
    }
}
