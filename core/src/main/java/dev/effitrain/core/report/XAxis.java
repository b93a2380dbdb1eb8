package dev.effitrain.core.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a curve is plotted against: optimizer steps, cumulative FLOPs, wall time or tokens seen. */
public enum XAxis {
    STEP("step"),
    FLOPS("flops"),
    TIME("time"),
    TOKENS("tokens");

    private final String cliName;

    XAxis(String cliName) {
        this.cliName = cliName;
    }

    /** The word used on the command line and in file names. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line word; the message lists the accepted words. */
    public static XAxis parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (XAxis axis : values()) {
            if (axis.cliName.equals(w)) {
                return axis;
            }
        }
        throw new IllegalArgumentException("unknown x axis '" + word + "'; expected one of " + words());
    }

    public static String words() {
        return Arrays.stream(values()).map(XAxis::cliName).collect(Collectors.joining(", "));
    }
}
