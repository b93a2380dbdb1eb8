package dev.effitrain.core.config;

import java.util.Locale;

/** Parsing of YAML scalar text into numbers and booleans; null when the text is not one. */
final class Scalars {

    private Scalars() {
    }

    /** A whole number: {@code 42}, {@code 1_000}, {@code 0x10}, {@code 1e6}; null otherwise. */
    static Long parseWhole(String text) {
        String s = text.trim().replace("_", "");
        try {
            if (s.matches("[-+]?0x[0-9a-fA-F]+")) {
                return sign(s) * Long.parseLong(s.replaceFirst("^[-+]?0x", ""), 16);
            }
            if (s.matches("[-+]?0b[01]+")) {
                return sign(s) * Long.parseLong(s.replaceFirst("^[-+]?0b", ""), 2);
            }
            if (s.matches("[-+]?0o[0-7]+")) {
                return sign(s) * Long.parseLong(s.replaceFirst("^[-+]?0o", ""), 8);
            }
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            Double d = parseDouble(s);
            if (d != null && d == Math.rint(d) && Math.abs(d) < 9.0e18) {
                return d.longValue();
            }
            return null;
        }
    }

    private static long sign(String s) {
        return s.startsWith("-") ? -1 : 1;
    }

    /** A finite or infinite number in YAML or Java spelling ({@code .inf}, {@code 3e-4}); null otherwise. */
    static Double parseDouble(String text) {
        String s = text.trim().replace("_", "");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.matches("[-+]?\\.inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals(".nan")) {
            return Double.NaN;
        }
        if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(s);
    }

    /** YAML 1.1 booleans (true/false/yes/no/on/off, any case); null otherwise. */
    static Boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
