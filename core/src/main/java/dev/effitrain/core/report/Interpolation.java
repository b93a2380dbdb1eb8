package dev.effitrain.core.report;

/** Straight-line interpolation, the one formula the table and the plots agree on. */
final class Interpolation {

    private Interpolation() {
    }

    static double linear(double x0, double y0, double x1, double y1, double x) {
        if (x1 == x0) {
            return y1;
        }
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }

    static double lerp(double a, double b, double fraction) {
        return a + (b - a) * fraction;
    }
}
