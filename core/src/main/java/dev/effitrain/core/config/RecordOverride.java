package dev.effitrain.core.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies a partial override, kept raw in a recipe (e.g. a progressive stage's
 * {@code model: {layers: 6}}), onto a bound record: deep merge, bind, then the section's own
 * rules. Errors read like recipe errors: {@code recipes/x.yaml:14: progressive.stages[1].model.layrs:
 * unknown key; did you mean 'layers'?}.
 */
public final class RecordOverride {

    private RecordOverride() {
    }

    /**
     * @param keyPath where the override is written ({@code progressive.stages[1].model}); problems are
     *                reported under it, at the line {@code errors} locates for it
     * @return the new record, or null when the override added problems to {@code errors}; problems
     *         that {@code base} already has are not repeated (they are reported where base is written)
     */
    public static <T extends Record> T apply(T base, Map<String, ?> override, String keyPath, ValidationErrors errors) {
        Origin origin = errors.originOf(keyPath);
        if (origin == null) {
            origin = new Origin(keyPath, 0, Path.of("").toAbsolutePath(), false);
        }
        ValidationErrors found = errors.sibling();
        ConfigNode merged = TreeMerger.merge(PlainValues.toNode(base, origin),
                PlainValues.toNode(override == null ? Map.of() : override, origin));
        T result = bindAndCheck(merged, base, keyPath, found, origin);
        // Problems the base record already has are reported where the base is written, not again here.
        Set<String> inherited = new HashSet<>();
        ValidationErrors ofBase = errors.sibling();
        bindAndCheck(PlainValues.toNode(base, origin), base, keyPath, ofBase, origin);
        ofBase.problems().forEach(p -> inherited.add(p.keyPath() + "\n" + p.message()));
        int before = errors.count();
        found.problems().stream().filter(p -> !inherited.contains(p.keyPath() + "\n" + p.message())).forEach(errors::add);
        return errors.count() > before ? null : result;
    }

    private static <T extends Record> T bindAndCheck(ConfigNode tree, T base, String keyPath, ValidationErrors errors,
                                                     Origin origin) {
        Binder binder = new Binder(errors);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) base.getClass();
        T result = binder.bindRecord(tree, type, keyPath);
        if (result != null) {
            SectionChecks.check(result, keyPath, new Checks(errors, binder.failed(), origin));
        }
        return result;
    }

    /**
     * Like {@link #apply(Record, Map, String, ValidationErrors)} without a recipe to locate lines in.
     *
     * @throws ValidationErrors.RecipeException (exit 2) listing every problem
     */
    public static <T extends Record> T apply(T base, Map<String, ?> override, String keyPath) {
        ValidationErrors errors = new ValidationErrors();
        T result = apply(base, override, keyPath, errors);
        errors.throwIfAny();
        return result;
    }
}
