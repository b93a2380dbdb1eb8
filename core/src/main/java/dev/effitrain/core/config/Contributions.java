package dev.effitrain.core.config;

import dev.effitrain.core.spi.TrainerModule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values of {@code model.arch} and {@code data.source} beyond the built-in ones, each with the
 * trainer module that contributed it ({@link TrainerModule#architectures()},
 * {@link TrainerModule#dataSources()}). Only that trainer builds the model or reads the data, so
 * only its recipes may use the name.
 */
record Contributions(Map<String, String> archs, Map<String, String> sources) {

    static final Contributions NONE = new Contributions(Map.of(), Map.of());

    /** What the modules add; a name that is built in, or that an earlier module took, stays with its first owner. */
    static Contributions of(Collection<TrainerModule> modules) {
        Map<String, String> archs = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (TrainerModule m : modules) {
            add(archs, m.architectures(), SectionChecks.ARCHS, m.name());
            add(sources, m.dataSources(), SectionChecks.SOURCES, m.name());
        }
        return new Contributions(Map.copyOf(archs), Map.copyOf(sources));
    }

    private static void add(Map<String, String> into, Set<String> names, List<String> builtIn, String owner) {
        for (String n : names) {
            if (!builtIn.contains(n)) {
                into.putIfAbsent(n, owner);
            }
        }
    }

    /** Built-in architectures first, then the contributed ones in name order. */
    List<String> allArchs() {
        return withBuiltIn(SectionChecks.ARCHS, archs);
    }

    List<String> allSources() {
        return withBuiltIn(SectionChecks.SOURCES, sources);
    }

    private static List<String> withBuiltIn(List<String> builtIn, Map<String, String> contributed) {
        List<String> all = new ArrayList<>(builtIn);
        contributed.keySet().stream().sorted().forEach(all::add);
        return all;
    }
}
