package dev.effitrain.core.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Human-readable numbers for tables: unknown values (NaN) print as "-". */
public final class Formats {

    public static final String UNKNOWN = "-";
    private static final String[] SI = {"", "k", "M", "G", "T", "P", "E", "Z"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Formats() {
    }

    /** Four significant digits, scientific only for very large or very small magnitudes. */
    public static String metric(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? UNKNOWN : String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4));
        if (d.precision() < 4) {
            d = d.setScale(d.scale() + 4 - d.precision());
        }
        return d.toPlainString();
    }

    /** "42.0 s", "3m 05s", "2h 07m". */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return UNKNOWN;
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** Three significant digits with an SI prefix: "1.23 TFLOP", "512 MFLOP", "3.40 M". */
    public static String si(double v, String unit) {
        if (!Double.isFinite(v)) {
            return UNKNOWN;
        }
        int p = 0;
        double x = v;
        while (Math.abs(x) >= 999.5 && p < SI.length - 1) {
            x /= 1000;
            p++;
        }
        String sep = unit.isEmpty() && p == 0 ? "" : " ";
        return threeDigits(x) + sep + SI[p] + unit;
    }

    /** Binary prefixes: "512 B", "12.3 MiB", "1.20 GiB". */
    public static String bytes(double v) {
        if (!Double.isFinite(v)) {
            return UNKNOWN;
        }
        int p = 0;
        double x = v;
        while (Math.abs(x) >= 1023.5 && p < BINARY.length - 1) {
            x /= 1024;
            p++;
        }
        return (p == 0 ? String.valueOf(Math.round(x)) : threeDigits(x)) + " " + BINARY[p];
    }

    /** Steps rounded to a whole step (interpolated steps are fractional). */
    public static String steps(double v) {
        return Double.isFinite(v) ? String.valueOf(Math.round(v)) : UNKNOWN;
    }

    /** "0.62x": a value relative to the baseline's; two significant digits below 0.1 ("0.0012x"). */
    public static String ratio(double r) {
        if (!Double.isFinite(r)) {
            return UNKNOWN;
        }
        if (r != 0 && Math.abs(r) < 0.1) {
            return new BigDecimal(r).round(new MathContext(2)).toPlainString() + "x";
        }
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String threeDigits(double x) {
        double a = Math.abs(x);
        if (a >= 99.95) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (a >= 9.995) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
