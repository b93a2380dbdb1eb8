package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.spi.TrainerModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds the top level of a merged recipe tree: the built-in keys onto {@link TopLevel}, the chosen
 * trainer's sections onto that trainer's record types. Any other key is reported: a section of
 * another installed trainer with a hint to switch trainers, anything else with a did-you-mean.
 */
final class RecipeBinder {

    /** The built-in top-level keys, in the order the resolved recipe lists them. */
    record TopLevel(
            String name,
            String trainer,
            long seed,
            String device,
            String output,
            @RecipePath String initFrom,
            ModelConfig model,
            DataConfig data,
            OptimizerConfig optimizer,
            ScheduleConfig schedule,
            TrainConfig train) {
    }

    /** The bound top level plus trainer sections; {@code top} is null when the tree could not be bound. */
    record Bound(TopLevel top, Map<String, Record> sections) {
        boolean complete() {
            return top != null && top.model() != null && top.data() != null && top.optimizer() != null
                    && top.schedule() != null && top.train() != null;
        }
    }

    static final List<String> BUILTIN_KEYS = Binder.keysOf(TopLevel.class);

    private RecipeBinder() {
    }

    static Bound bind(MapNode root, String trainerName, Map<String, TrainerModule> trainers, Binder binder,
                      ValidationErrors errors) {
        TrainerModule module = trainerName == null ? null : trainers.get(trainerName);
        checkTrainer(root, trainerName, module, trainers, errors);
        Map<String, Class<? extends Record>> sectionTypes = module == null ? Map.of() : module.sections();

        Map<String, ConfigNode> builtin = new LinkedHashMap<>();
        root.entries().forEach((key, value) -> {
            if (BUILTIN_KEYS.contains(key)) {
                builtin.put(key, value);
            } else if (!sectionTypes.containsKey(key)) {
                reportForeignKey(key, value, trainerName, module, sectionTypes, trainers, errors);
            }
        });
        TopLevel top = binder.bindRecord(new MapNode(builtin, root.origin()), TopLevel.class, "");
        reportNullSections(top, builtin, errors);

        Map<String, Record> sections = new TreeMap<>();
        new TreeMap<>(sectionTypes).forEach((key, type) -> {
            ConfigNode node = root.get(key);
            if (node != null) {
                Record r = binder.bindRecord(node, type, key);
                if (r != null) {
                    sections.put(key, r);
                }
            }
        });
        return new Bound(top, sections);
    }

    /** {@code --set model=} (or {@code model: ~} in a file that nothing else fills) binds no section: say so. */
    private static void reportNullSections(TopLevel top, Map<String, ConfigNode> builtin, ValidationErrors errors) {
        if (top == null) {
            return;
        }
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("model", top.model());
        sections.put("data", top.data());
        sections.put("optimizer", top.optimizer());
        sections.put("schedule", top.schedule());
        sections.put("train", top.train());
        sections.forEach((key, value) -> {
            ConfigNode node = builtin.get(key);
            if (value == null && node instanceof ConfigNode.ScalarNode s && s.isNull()) {
                errors.add(node.origin(), key, "expected a mapping of settings, got null (leave the key out for the defaults)");
            }
        });
    }

    private static void checkTrainer(MapNode root, String name, TrainerModule module,
                                     Map<String, TrainerModule> trainers, ValidationErrors errors) {
        if (module != null) {
            return;
        }
        ConfigNode at = root.get("trainer");
        Origin origin = at == null ? root.origin() : at.origin();
        List<String> available = new ArrayList<>(new TreeMap<>(trainers).keySet());
        if (available.isEmpty()) {
            errors.add(origin, "trainer", "no trainer modules are installed (none found on the classpath)");
        } else if (name == null) {
            errors.add(origin, "trainer", "required; available: " + String.join(", ", available));
        } else {
            errors.add(origin, "trainer", DidYouMean.unknown("unknown trainer '" + name + "'", name, available, "available"));
        }
    }

    private static void reportForeignKey(String key, ConfigNode value, String trainerName, TrainerModule module,
                                         Map<String, Class<? extends Record>> sectionTypes,
                                         Map<String, TrainerModule> trainers, ValidationErrors errors) {
        List<String> owners = new TreeMap<>(trainers).values().stream()
                .filter(t -> t != module && t.sections().containsKey(key)).map(TrainerModule::name).toList();
        if (!owners.isEmpty()) {
            if (module != null) {
                errors.add(value.origin(), key, "this section belongs to trainer '" + String.join("' or '", owners)
                        + "', but the recipe uses trainer '" + trainerName + "' (set trainer: " + owners.get(0)
                        + " to use it, or remove the section)");
            }
            return;
        }
        List<String> valid = new ArrayList<>(BUILTIN_KEYS);
        valid.addAll(new TreeMap<>(sectionTypes).keySet());
        if (module == null) {
            trainers.values().forEach(t -> valid.addAll(t.sections().keySet()));
        }
        errors.add(value.origin(), key, DidYouMean.unknown("unknown key", key, valid));
    }
}
