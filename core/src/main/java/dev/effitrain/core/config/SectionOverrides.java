package dev.effitrain.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --set SECTION.KEY=VALUE} arguments read with the recipe's own {@code --set} parser, for a
 * command that takes keys of one section only ({@code effitrain expand --set model.mlp_ratio=2}).
 */
public final class SectionOverrides {

    private SectionOverrides() {
    }

    /**
     * KEY to its plain value (as YAML reads it), in argument order.
     *
     * @throws ValidationErrors.RecipeException exit 2, one line per malformed argument
     */
    public static Map<String, Object> of(String section, List<String> arguments) {
        ValidationErrors errors = new ValidationErrors();
        Map<String, Object> values = new LinkedHashMap<>();
        for (SetOverride s : SetOverride.parseAll(arguments, errors)) {
            List<SetOverride.Segment> path = s.segments();
            if (path.size() == 2 && path.get(0).equals(new SetOverride.Key(section))
                    && path.get(1) instanceof SetOverride.Key key) {
                values.put(key.name(), PlainValues.fromNode(s.value()));
            } else {
                errors.add(s.origin(), null, "expected " + section + ".KEY=VALUE");
            }
        }
        errors.throwIfAny();
        return values;
    }
}
