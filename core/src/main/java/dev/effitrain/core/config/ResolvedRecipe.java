package dev.effitrain.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The fully resolved recipe (defaults, extends and {@code --set} applied; paths absolute) as plain
 * values or YAML. Keys are in a fixed order: the built-in top-level keys, then trainer sections by
 * name; inside a section, the order of the record's components.
 */
public final class ResolvedRecipe {

    private static final String HEADER = "# Resolved effitrain recipe: defaults, extends and --set applied.\n"
            + "# Run it again with: effitrain run <this file>\n";

    private ResolvedRecipe() {
    }

    /** The resolved recipe as Map / List / String / Integer / Long / Double / Boolean / null, for JSON output. */
    public static Map<String, Object> toMap(Recipe r) {
        RecipeBinder.TopLevel top = new RecipeBinder.TopLevel(r.name(), r.trainer(), r.seed(), r.device(), r.output(),
                r.initFrom(), r.model(), r.data(), r.optimizer(), r.schedule(), r.train());
        @SuppressWarnings("unchecked")
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) PlainValues.fromObject(top));
        new TreeMap<>(r.sections() == null ? Map.<String, Record>of() : r.sections())
                .forEach((k, v) -> out.put(k, PlainValues.fromObject(v)));
        return out;
    }

    /** The resolved recipe as block-style YAML; loading it again gives an equal recipe. */
    public static String toYaml(Recipe r) {
        return HEADER + dump(toMap(r));
    }

    static String dump(Object plain) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(new ScalarListsInline(options), options).dump(plain);
    }

    /** Lists of scalars are written inline ({@code betas: [0.9, 0.95]}); everything else in block style. */
    private static final class ScalarListsInline extends Representer {
        ScalarListsInline(DumperOptions options) {
            super(options);
        }

        @Override
        protected Node representSequence(Tag tag, Iterable<?> sequence, DumperOptions.FlowStyle flowStyle) {
            boolean scalars = true;
            for (Object o : sequence) {
                scalars &= !(o instanceof Map || o instanceof List);
            }
            return super.representSequence(tag, sequence, scalars ? DumperOptions.FlowStyle.FLOW : flowStyle);
        }
    }
}
