package dev.effitrain.core.config;

/**
 * A recipe duration such as {@code 500ba}, {@code 2ep}, {@code 1e6tok}, {@code 0.1dur}; a plain
 * integer means steps. Resolved to optimizer steps with {@link #toSteps(StepContext)}.
 */
public record Duration(double value, DurationUnit unit) {

    public static Duration steps(long n) {
        return new Duration(n, DurationUnit.BA);
    }

    /**
     * Parses {@code 500}, {@code 500ba}, {@code 2ep}, {@code 1e6tok}, {@code 64sp}, {@code 0.25dur}.
     *
     * @throws IllegalArgumentException with a message saying what is expected
     */
    public static Duration parse(String text) {
        String s = text.trim();
        for (DurationUnit u : DurationUnit.values()) {
            if (s.endsWith(u.suffix())) {
                String num = s.substring(0, s.length() - u.suffix().length()).trim();
                return new Duration(parseNumber(num, text), u);
            }
        }
        double v = parseNumber(s, text);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: a plain number must be a whole number of steps");
        }
        return new Duration(v, DurationUnit.BA);
    }

    private static double parseNumber(String num, String whole) {
        try {
            double v = Double.parseDouble(num);
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole
                    + "' is not a duration: expected a non-negative number with a unit ba|ep|tok|sp|dur, e.g. 500ba, 2ep, 0.1dur");
        }
    }

    /** Resolves to a whole number of optimizer steps (rounded to nearest, at least 0). */
    public long toSteps(StepContext ctx) {
        double steps = switch (unit) {
            case BA -> value;
            case EP -> value * ctx.stepsPerEpoch();
            case TOK -> value / ctx.tokensPerStep();
            case SP -> value / ctx.samplesPerStep();
            case DUR -> {
                if (ctx.totalSteps() <= 0) {
                    throw new IllegalArgumentException("a 'dur' duration needs the run's total length");
                }
                yield value * ctx.totalSteps();
            }
        };
        return Math.max(0, Math.round(steps));
    }

    @Override
    public String toString() {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        return v + unit.suffix();
    }

    /** What a duration needs to know to become a number of steps. */
    public record StepContext(double stepsPerEpoch, double samplesPerStep, double tokensPerStep, long totalSteps) {
    }
}
