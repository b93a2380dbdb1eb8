package dev.effitrain.core.report;

/**
 * How an x axis is drawn: values divided by a power of ten (or 60/3600 for time) so that tick labels
 * stay short, and the axis title naming the unit.
 */
public record AxisScale(double divisor, String title) {

    public static AxisScale of(XAxis axis, double maxValue) {
        return switch (axis) {
            case STEP -> new AxisScale(1, "optimizer step");
            case FLOPS -> decimal(maxValue, "compute (", "FLOP)", new String[] {"", "k", "M", "G", "T", "P", "E"});
            case TIME -> time(maxValue);
            case TOKENS -> tokens(maxValue);
        };
    }

    /** The noun used in chart titles: "val_loss vs compute". */
    public static String noun(XAxis axis) {
        return switch (axis) {
            case STEP -> "step";
            case FLOPS -> "compute";
            case TIME -> "wall time";
            case TOKENS -> "tokens";
        };
    }

    public double apply(double value) {
        return value / divisor;
    }

    private static AxisScale decimal(double max, String before, String after, String[] prefixes) {
        int p = 0;
        double d = 1;
        while (p < prefixes.length - 1 && max >= d * 1000) {
            d *= 1000;
            p++;
        }
        return new AxisScale(d, before + prefixes[p] + after);
    }

    private static AxisScale time(double maxSeconds) {
        if (maxSeconds < 180) {
            return new AxisScale(1, "wall time (s)");
        }
        if (maxSeconds < 3 * 3600) {
            return new AxisScale(60, "wall time (min)");
        }
        return new AxisScale(3600, "wall time (h)");
    }

    private static AxisScale tokens(double max) {
        if (max >= 1e9) {
            return new AxisScale(1e9, "tokens seen (billions)");
        }
        if (max >= 1e6) {
            return new AxisScale(1e6, "tokens seen (millions)");
        }
        if (max >= 1e3) {
            return new AxisScale(1e3, "tokens seen (thousands)");
        }
        return new AxisScale(1, "tokens seen");
    }
}
