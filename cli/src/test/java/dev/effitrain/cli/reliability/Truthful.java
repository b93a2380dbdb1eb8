package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

/** Checks on what effitrain printed to stderr: user-facing lines only, never a stack trace. */
final class Truthful {
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.]+\\(", Pattern.MULTILINE);
    private static final List<String> INTERNAL = List.of("internal error", "Exception", "java.lang.", "Caused by:");

    private Truthful() {
    }

    /** No stack trace and no internal error anywhere in {@code stderr}. */
    static void assertNoStackTrace(String stderr, String context) {
        assertFalse(STACK_FRAME.matcher(stderr).find(), context + ": stack trace on stderr:\n" + stderr);
        for (String s : INTERNAL) {
            assertFalse(stderr.contains(s), context + ": '" + s + "' on stderr:\n" + stderr);
        }
    }

    /** The {@code error:} lines of stderr. */
    static List<String> errorLines(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("error: ")).toList();
    }

    /** At least one {@code error:} line, and each one mentions every one of {@code names}. */
    static void assertEveryErrorNames(String stderr, String context, String... names) {
        List<String> errors = errorLines(stderr);
        assertFalse(errors.isEmpty(), context + ": no 'error:' line on stderr:\n" + stderr);
        for (String line : errors) {
            for (String name : names) {
                assertTrue(line.contains(name), context + ": error line does not name " + name + ":\n" + line);
            }
        }
    }
}
