package dev.effitrain.core.config;

import java.util.Collection;
import java.util.Set;

/**
 * What semantic checks need besides the values: where to report, which key paths already failed
 * to bind (checks on them are skipped, so one mistake gives one message), and small helpers for
 * the usual rules.
 */
final class Checks {

    private final ValidationErrors errors;
    private final Set<String> failed;
    private final Origin fallback;
    private final Contributions contributions;

    /** @param fallback where to report a missing value that nothing the user wrote encloses (the recipe file) */
    Checks(ValidationErrors errors, Set<String> failed, Origin fallback) {
        this(errors, failed, fallback, Contributions.NONE);
    }

    /** @param contributions the architectures and data sources installed trainer modules add */
    Checks(ValidationErrors errors, Set<String> failed, Origin fallback, Contributions contributions) {
        this.errors = errors;
        this.failed = failed;
        this.fallback = fallback;
        this.contributions = contributions;
    }

    Contributions contributions() {
        return contributions;
    }

    /** True when none of the paths (or anything above or below them) failed to bind. */
    boolean ok(String... paths) {
        for (String p : paths) {
            for (String f : failed) {
                if (KeyPaths.isAtOrBelow(p, f) || KeyPaths.isAtOrBelow(f, p)) {
                    return false;
                }
            }
        }
        return true;
    }

    void error(String path, String message) {
        errors.at(path, message);
    }

    /**
     * Reports a value that is missing. Its null usually comes from the built-in defaults, so the
     * problem is located at the nearest enclosing key the user wrote, or else at the recipe file.
     */
    void missing(String path, String message) {
        for (String p = path; !p.isEmpty(); p = KeyPaths.parent(p)) {
            if (userSet(p)) {
                errors.add(errors.originOf(p), path, message);
                return;
            }
        }
        errors.add(fallback, path, message);
    }

    /** True when the user (not the built-in defaults) wrote this key. */
    boolean userSet(String path) {
        Origin o = errors.originOf(path);
        return o != null && !o.builtin();
    }

    /** Which of several keys a problem about all of them is reported at: the first one the user wrote. */
    String blame(String... paths) {
        for (String p : paths) {
            if (userSet(p)) {
                return p;
            }
        }
        return paths[0];
    }

    void atLeast(String path, long value, long min) {
        if (ok(path) && value < min) {
            error(path, "must be at least " + min + ", got " + value);
        }
    }

    void positive(String path, double value) {
        if (ok(path) && !(value > 0 && Double.isFinite(value))) {
            error(path, "must be greater than 0, got " + Numbers.show(value));
        }
    }

    void nonNegative(String path, double value) {
        if (ok(path) && !(value >= 0 && Double.isFinite(value))) {
            error(path, "must be 0 or more, got " + Numbers.show(value));
        }
    }

    /** value in [0, 1) */
    void fraction(String path, double value) {
        if (ok(path) && !(value >= 0 && value < 1)) {
            error(path, "must be in [0, 1), got " + Numbers.show(value));
        }
    }

    void oneOf(String path, String value, Collection<String> allowed) {
        if (!ok(path)) {
            return;
        }
        if (value == null) {
            missing(path, "required; one of " + String.join(", ", allowed));
        } else if (!allowed.contains(value)) {
            error(path, DidYouMean.unknown("unknown value '" + value + "'", value, allowed, "expected one of"));
        }
    }

    void required(String path, Object value, String example) {
        if (ok(path) && value == null) {
            missing(path, "required, e.g. " + example);
        }
    }

    /** Number formatting for messages: {@code 4}, not {@code 4.0}. */
    static final class Numbers {
        private Numbers() {
        }

        static String show(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
