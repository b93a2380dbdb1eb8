package dev.effitrain.core.config;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.util.ArrayList;
import java.util.List;

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
