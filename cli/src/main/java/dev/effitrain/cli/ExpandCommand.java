package dev.effitrain.cli;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.SectionOverrides;
import dev.effitrain.core.data.TextData;
import dev.effitrain.core.grow.DepthOp;
import dev.effitrain.core.grow.Expansion;
import dev.effitrain.core.grow.ExpansionCheck;
import dev.effitrain.core.grow.ExpansionPlan;
import dev.effitrain.core.grow.GrowthCheck;
import dev.effitrain.core.grow.GrowthSpec;
import dev.effitrain.core.grow.LayerGroups;
import dev.effitrain.core.grow.WidthOp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "expand", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Grow a trained checkpoint into a bigger model, or coalesce it into a smaller one.",
                "Named operators write a complete checkpoint to DIR/checkpoints/step-N/ that a recipe",
                "can start from (init_from: DIR or the checkpoint). Its state.json records the",
                "provenance: the parent checkpoint and",
                "the SHA-256 of its files, the operators, the sizes and these arguments.",
                "Impossible requests (shrinking with a growth operator, a changed head size, a width",
                "that is not a whole multiple for an exact operator) exit 2 before anything is written.",
                "Example: effitrain expand --from runs/small --out runs/grown --layers 8 --check"})
final class ExpandCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "CKPT",
            description = "Checkpoint directory, or a run directory (its newest checkpoint).")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "New (or empty) directory; the checkpoint goes to DIR/checkpoints/step-N.")
    Path out;

    @Option(names = "--layers", paramLabel = "N", description = "Target depth.")
    Integer layers;

    @Option(names = "--d-model", paramLabel = "N", description = "Target width; heads follow unless --heads is given (the head size is kept).")
    Integer dModel;

    @Option(names = "--heads", paramLabel = "N", description = "Target number of heads.")
    Integer heads;

    @Option(names = "--mlp", paramLabel = "N", description = "Target MLP width (model.mlp_hidden).")
    Integer mlp;

    @Option(names = "--set", paramLabel = "model.KEY=VALUE", description = "Any other target size, e.g. --set model.mlp_ratio=2 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--depth", paramLabel = "OP", converter = DepthConverter.class, defaultValue = "stack",
            description = "stack | interleave | copy-top | identity | random | coalesce | decoalesce (default: ${DEFAULT-VALUE}).")
    DepthOp depth;

    @Option(names = "--width", paramLabel = "OP", converter = WidthConverter.class, defaultValue = "fpi",
            description = "fpi | aki | random | coalesce | decoalesce (default: ${DEFAULT-VALUE}).")
    WidthOp width;

    @Option(names = "--groups", paramLabel = "adjacent|stack", converter = GroupsConverter.class, defaultValue = "adjacent",
            description = "Which layers coalesce/decoalesce pair up (default: ${DEFAULT-VALUE}).")
    LayerGroups groups;

    @Option(names = "--noise", paramLabel = "X", defaultValue = "0",
            description = "Symmetry-breaking noise on grown weights, as a fraction of each tensor's std (breaks function preservation).")
    double noise;

    @Option(names = "--optimizer-state", paramLabel = "reset|map", defaultValue = "reset",
            description = "reset: no optimizer state; map: moments grown with the same operators (default: ${DEFAULT-VALUE}).")
    String optimizerState;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for new weights and noise (default: the run's seed).")
    Long seed;

    @Option(names = "--check", description = "Print the loss of the source and of the grown model on a validation batch.")
    boolean check;

    @Mixin
    RunRecipeOption recipeOption;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!optimizerState.equals("reset") && !optimizerState.equals("map")) {
            throw EffitrainException.usage("--optimizer-state must be reset or map, got '" + optimizerState + "'");
        }
        GrowthSpec growth = new GrowthSpec(depth, width, groups, noise, false);
        ExpansionPlan plan = ExpansionPlan.of(from, targetSizes(), growth);
        refuseProblems(plan);
        Recipe checkRecipe = check ? checkRecipe(plan) : null;
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        long seedValue = seed != null ? seed
                : plan.source().state().has("seed") ? plan.source().state().get("seed").getAsLong() : 0;
        Map<String, Object> report = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Expansion.Result result = Expansion.run(plan, out, optimizerState.equals("map"), seedValue, arguments, manager);
            report.put("checkpoint", result.checkpoint().toString());
            report.put("from", plan.from().dims().describe());
            report.put("to", plan.to().dims().describe());
            report.put("function_preserving", plan.functionPreserving());
            report.put("provenance", result.provenance());
            if (checkRecipe != null) {
                try (TextData data = TextData.open(checkRecipe.data(), plan.from().gpt().seqLen(), checkRecipe.seed(),
                        checkRecipe.baseDir())) {
                    ExpansionCheck.Losses l = ExpansionCheck.gpt(plan.sourceDir(), result.checkpoint(), data,
                            checkRecipe.train().microBatch(), manager);
                    report.put("check", Map.of("source_loss", l.source(), "grown_loss", l.grown(), "tokens", l.tokens()));
                }
            }
        }
        print(report);
        return 0;
    }

    private Map<String, Object> targetSizes() {
        Map<String, Object> m = new LinkedHashMap<>(SectionOverrides.of("model", sets));
        putIf(m, "layers", layers);
        putIf(m, "d_model", dModel);
        putIf(m, "heads", heads);
        putIf(m, "mlp_hidden", mlp);
        if (m.isEmpty()) {
            throw EffitrainException.usage("give a target size: --layers, --d-model, --heads, --mlp or --set model.KEY=VALUE");
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Integer value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** Every problem on its own line, naming the option to change. */
    private static void refuseProblems(ExpansionPlan plan) {
        if (plan.from().dims().equals(plan.to().dims())) {
            throw EffitrainException.usage("nothing to do: the target has the same sizes as the source ("
                    + plan.from().dims().describe() + ")");
        }
        if (!plan.problems().isEmpty()) {
            throw EffitrainException.usage(plan.problems().stream().map(p -> option(p.field()) + ": " + p.message())
                    .collect(Collectors.joining("\n")));
        }
    }

    private static String option(GrowthCheck.Field f) {
        return switch (f) {
            case MODEL -> "target size";
            case DEPTH -> "--depth";
            case WIDTH -> "--width";
            case NOISE -> "--noise";
            case MASK -> "mask";
        };
    }

    private Recipe checkRecipe(ExpansionPlan plan) {
        if (plan.from().gpt() == null) {
            throw EffitrainException.usage("--check measures a language-model loss; " + plan.sourceDir()
                    + " holds a ViT");
        }
        return RecipeLoader.load(recipeOption.forCheckpoint(plan.sourceDir()), List.of(), Trainers.available());
    }

    private void print(Map<String, Object> r) {
        PrintWriter o = spec.commandLine().getOut();
        if (json.on()) {
            Output.json(o, r);
            return;
        }
        o.printf("expanded %s -> %s (depth %s, width %s; function-preserving: %s)%n", r.get("from"), r.get("to"),
                depth.label(), width.label(), (Boolean) r.get("function_preserving") ? "yes" : "no");
        o.printf("wrote %s%n", r.get("checkpoint"));
        if (r.get("check") instanceof Map<?, ?> c) {
            double a = (Double) c.get("source_loss");
            double b = (Double) c.get("grown_loss");
            o.printf(Locale.ROOT, "check: source loss %.6f, grown loss %.6f (difference %.2e) on %d validation tokens%n",
                    a, b, b - a, (Long) c.get("tokens"));
        }
        o.flush();
    }

    /** Operator names as written on the command line: case and '-' vs '_' do not matter. */
    abstract static class NameConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        NameConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.replace('-', '_'))) {
                    return e;
                }
            }
            throw new TypeConversionException("unknown operator '" + value + "'; expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", ")));
        }
    }

    static final class DepthConverter extends NameConverter<DepthOp> {
        DepthConverter() {
            super(DepthOp.class);
        }
    }

    static final class WidthConverter extends NameConverter<WidthOp> {
        WidthConverter() {
            super(WidthOp.class);
        }
    }

    static final class GroupsConverter extends NameConverter<LayerGroups> {
        GroupsConverter() {
            super(LayerGroups.class);
        }
    }
}
