package dev.effitrain.core.config;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Collects every recipe problem so that all of them are reported at once. */
public final class ValidationErrors {

    /** One problem: where it is (file, line, key path) and what would be right. */
    public record Problem(String file, int line, String keyPath, String message) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (file != null) {
                sb.append(file);
                if (line > 0) {
                    sb.append(':').append(line);
                }
                sb.append(": ");
            }
            if (keyPath != null && !keyPath.isEmpty()) {
                sb.append(keyPath).append(": ");
            }
            return sb.append(message).toString();
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Function<String, Origin> locator;
    private final Origin recipeFile;

    /** Problems are added with an explicit file and line. */
    public ValidationErrors() {
        this(null, null);
    }

    /**
     * @param locator    finds where a key path was written (the recipe loader passes one), so that
     *                   {@link #at(String, String)} can name the file and line
     * @param recipeFile where to report a problem with a value the built-in defaults supplied: the
     *                   user's recipe is what has to change, not effitrain's defaults
     */
    public ValidationErrors(Function<String, Origin> locator, Origin recipeFile) {
        this.locator = locator;
        this.recipeFile = recipeFile;
    }

    /**
     * Reports a problem with the value at {@code keyPath} (e.g. {@code progressive.stages[1].until}),
     * located at the line where that key, or its nearest enclosing key, was written.
     */
    public void at(String keyPath, String message) {
        Origin o = originOf(keyPath);
        add(o != null && o.builtin() && recipeFile != null ? recipeFile : o, keyPath, message);
    }

    public void add(Origin origin, String keyPath, String message) {
        if (origin == null) {
            add(null, 0, keyPath, message);
        } else {
            add(origin.file(), origin.line(), keyPath, message);
        }
    }

    /** Where {@code keyPath} (or its nearest enclosing key) was written; null when unknown. */
    public Origin originOf(String keyPath) {
        return locator == null ? null : locator.apply(keyPath);
    }

    /** An empty collector that locates key paths the same way as this one. */
    ValidationErrors sibling() {
        return new ValidationErrors(locator, recipeFile);
    }

    /** Number of problems so far: compare before and after a check to see whether it found any. */
    public int count() {
        return problems.size();
    }

    public void add(String file, int line, String keyPath, String message) {
        problems.add(new Problem(file, line, keyPath, message));
    }

    public void add(Problem p) {
        problems.add(p);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws a {@link RecipeException} listing every problem, if there are any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new RecipeException(problems());
        }
    }

    /** A recipe that failed validation (exit code 2); the message has one line per problem. */
    public static final class RecipeException extends EffitrainException {
        private final List<Problem> problems;

        public RecipeException(List<Problem> problems) {
            super(ExitCode.USAGE, String.join("\n", problems.stream().map(Problem::toString).toList()));
            this.problems = problems;
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
