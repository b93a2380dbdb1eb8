package dev.effitrain.core.config;

import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import dev.effitrain.core.spi.TrainerModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads a recipe: layers built-in defaults &lt; the trainer module's defaults &lt; the {@code extends:}
 * chain &lt; the recipe file &lt; {@code --set} overrides, substitutes {@code ${...}} in {@code output},
 * binds the result onto the typed records, validates it deeply and lets the trainer module check
 * it too. Every problem is reported at once, each with its file, line and key path.
 */
public final class RecipeLoader {

    private RecipeLoader() {
    }

    /**
     * @param recipeFile the recipe; messages name it as given (e.g. {@code recipes/x.yaml})
     * @param sets       {@code --set KEY=VALUE} arguments, applied in order
     * @param trainers   installed trainer modules by {@link TrainerModule#name()}
     * @throws ValidationErrors.RecipeException (exit 2) listing every problem
     */
    public static Recipe load(Path recipeFile, List<String> sets, Map<String, TrainerModule> trainers) {
        String display = recipeFile.toString();
        requireReadable(recipeFile, display);
        Path baseDir = recipeFile.toAbsolutePath().normalize().getParent();

        ValidationErrors early = new ValidationErrors();
        ExtendsResolver files = new ExtendsResolver(early);
        MapNode fromFiles = files.load(recipeFile, display);
        List<SetOverride> overrides = SetOverride.parseAll(sets, early);
        if (files.unusable()) {
            throwIfAny(early);
        }

        MapNode core = BuiltinDefaults.core(baseDir);
        String trainerName = chooseTrainer(core, fromFiles, overrides);
        TrainerModule module = trainerName == null ? null : trainers.get(trainerName);
        ConfigNode tree = core;
        if (module != null) {
            tree = TreeMerger.merge(tree, BuiltinDefaults.trainer(trainerName, module.defaultsYaml(), baseDir, early));
        }
        tree = TreeMerger.merge(tree, ModelFromCheckpoint.fillIn(fromFiles, overrides, baseDir, early));
        for (SetOverride s : ModelFromCheckpoint.withoutCheckpointModel(overrides)) {
            tree = s.applyTo(tree, early);
        }
        MapNode root = withDefaultName((MapNode) tree, recipeFile, display, baseDir);
        root = Placeholders.substituteOutput(root, early);
        return bindAndValidate(root, trainerName, module, trainers, Origin.inFile(display, 0, baseDir), early);
    }

    private static Recipe bindAndValidate(MapNode root, String trainerName, TrainerModule module,
                                          Map<String, TrainerModule> trainers, Origin recipeOrigin,
                                          ValidationErrors early) {
        Path baseDir = recipeOrigin.baseDir();
        ValidationErrors errors = new ValidationErrors(TreeIndex.of(root)::locate, recipeOrigin);
        early.problems().forEach(errors::add);
        Binder binder = new Binder(errors);
        RecipeBinder.Bound bound = RecipeBinder.bind(root, trainerName, trainers, binder, errors);
        RecipeValidator.validate(bound.top(), binder.durations(), new Checks(errors, binder.failed(), recipeOrigin,
                Contributions.of(trainers.values())));
        if (!bound.complete() || module == null) {
            throwIfAny(errors);
            throw new IllegalStateException("recipe did not bind but no problem was reported");
        }
        RecipeBinder.TopLevel t = bound.top();
        Recipe unresolved = new Recipe(t.name(), t.trainer(), t.seed(), t.device(), t.output(), t.initFrom(),
                t.model(), t.data(), t.optimizer(), t.schedule(), t.train(), Map.copyOf(bound.sections()), null, baseDir);
        Recipe recipe = new Recipe(t.name(), t.trainer(), t.seed(), t.device(), t.output(), t.initFrom(),
                t.model(), t.data(), t.optimizer(), t.schedule(), t.train(), unresolved.sections(),
                ResolvedRecipe.toYaml(unresolved), baseDir);
        // The module may assume well-formed values; only when some were not do its crashes stay silent.
        if (binder.failed().isEmpty()) {
            try {
                module.validate(recipe, errors);
            } catch (RuntimeException e) {
                if (errors.isEmpty()) {
                    throw e;
                }
            }
        }
        throwIfAny(errors);
        return recipe;
    }

    /** Throws the problems in reading order: by file (as first met), then line; duplicates once. */
    private static void throwIfAny(ValidationErrors errors) {
        if (errors.isEmpty()) {
            return;
        }
        List<String> files = errors.problems().stream().map(p -> String.valueOf(p.file())).distinct().toList();
        List<ValidationErrors.Problem> sorted = errors.problems().stream().distinct()
                .sorted(Comparator.comparingInt((ValidationErrors.Problem p) -> files.indexOf(String.valueOf(p.file())))
                        .thenComparingInt(ValidationErrors.Problem::line))
                .toList();
        throw new ValidationErrors.RecipeException(sorted);
    }

    private static void requireReadable(Path file, String display) {
        String why = !Files.exists(file) ? "no such recipe file"
                : Files.isDirectory(file) ? "is a directory, not a recipe file"
                : !Files.isReadable(file) ? "cannot read the recipe file (permission denied)"
                : null;
        if (why != null) {
            throw new ValidationErrors.RecipeException(List.of(new ValidationErrors.Problem(display, 0, null, why)));
        }
    }

    /** The trainer the recipe asks for, looking at {@code --set} first, then the files, then the defaults. */
    private static String chooseTrainer(MapNode core, MapNode fromFiles, List<SetOverride> overrides) {
        ConfigNode tree = TreeMerger.merge(core, fromFiles);
        ValidationErrors ignored = new ValidationErrors();
        for (SetOverride s : overrides) {
            tree = s.applyTo(tree, ignored);
        }
        ConfigNode trainer = ((MapNode) tree).get("trainer");
        return trainer instanceof ScalarNode s && !s.isNull() ? s.text() : null;
    }

    /** A recipe without a name is named after its file: {@code recipes/quickstart.yaml -> quickstart}. */
    private static MapNode withDefaultName(MapNode root, Path file, String display, Path baseDir) {
        ConfigNode name = root.get("name");
        if (name != null && !(name instanceof ScalarNode s && s.isNull())) {
            return root;
        }
        String stem = file.getFileName().toString().replaceFirst("\\.(yaml|yml)$", "");
        return root.with("name", new ScalarNode(stem, ScalarNode.Kind.STRING, Origin.inFile(display, 0, baseDir)));
    }
}
