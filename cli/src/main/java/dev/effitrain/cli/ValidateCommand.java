package dev.effitrain.cli;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.ResolvedRecipe;
import dev.effitrain.core.config.ValidationErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check a recipe and print it fully resolved, or every error in it.",
                "The resolved recipe has the defaults, extends: and --set applied; each error names its",
                "file, line and key (exit 2)."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    RecipeArgument recipeArgument;

    @Mixin
    RecipeOverrides overrides;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe recipe;
        try {
            recipe = RecipeLoader.load(recipeArgument.path(), overrides.list(), Trainers.available());
        } catch (ValidationErrors.RecipeException e) {
            if (json.on()) {
                Map<String, Object> invalid = new LinkedHashMap<>();
                invalid.put("valid", false);
                invalid.put("errors", errors(e));
                Output.json(spec.commandLine().getOut(), invalid);
            }
            throw e;   // and as text on stderr, exit 2
        }
        if (json.on()) {
            Output.json(spec.commandLine().getOut(), ResolvedRecipe.toMap(recipe));
        } else {
            spec.commandLine().getOut().print(recipe.resolvedYaml());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Each problem as {file, line, key, message}; an unknown line or key is null. */
    private static List<Map<String, Object>> errors(ValidationErrors.RecipeException e) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ValidationErrors.Problem p : e.problems()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", p.file());
            o.put("line", p.line() > 0 ? p.line() : null);
            o.put("key", p.keyPath() == null || p.keyPath().isEmpty() ? null : p.keyPath());
            o.put("message", p.message());
            out.add(o);
        }
        return out;
    }
}
