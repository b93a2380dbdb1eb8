package dev.effitrain.cli;

import dev.effitrain.core.ExitCode;

/** The exit-code table printed at the end of every --help. */
final class ExitCodes {
    private ExitCodes() {
    }

    static String[] helpLines() {
        ExitCode[] codes = ExitCode.values();
        String[] lines = new String[codes.length + 1];
        lines[0] = "%nExit codes:";
        for (int i = 0; i < codes.length; i++) {
            lines[i + 1] = String.format("  %-3d %s", codes[i].code(), codes[i].meaning());
        }
        return lines;
    }
}
