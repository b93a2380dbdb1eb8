package dev.effitrain.core.reliability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import dev.effitrain.core.train.TrainLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** Recipes and runs of {@link PoisonedWorkload} through the real {@link TrainLoop}. */
final class PoisonedRuns {
    /** Plain SGD at a constant LR, a log line per step, a checkpoint every 3 steps. */
    static final String RECIPE = """
            name: poisoned
            trainer: poisoned
            seed: 5
            device: cpu
            optimizer: { name: sgd, lr: 0.1, momentum: 0.0, weight_decay: 0.0 }
            schedule: { name: constant }
            train: { duration: 12ba, batch_size: 8, grad_clip: 0, log_every: 1ba, checkpoint_every: 3ba, keep_last: 0 }
            """;

    private static final TrainerModule MODULE = new TrainerModule() {
        @Override
        public String name() {
            return "poisoned";
        }

        @Override
        public String description() {
            return "test workload with poisoned batches";
        }

        @Override
        public void run(Recipe recipe, RunContext context) {
            throw new UnsupportedOperationException("tests drive the loop themselves");
        }
    };

    private PoisonedRuns() {
    }

    static Recipe recipe(Path dir, String... sets) throws IOException {
        Path file = dir.resolve("poisoned.yaml");
        Files.writeString(file, RECIPE);
        List<String> all = new ArrayList<>(List.of("output=" + dir.resolve("run")));
        all.addAll(List.of(sets));
        return RecipeLoader.load(file, all, Map.of("poisoned", MODULE));
    }

    /** What one run left: its workload (for the weights it saw) and the warnings it gave. */
    record Outcome(PoisonedWorkload workload, List<String> warnings) {
    }

    /** Trains the recipe; throws what the loop throws. {@code outcome} is filled even then. */
    static Map<String, Object> run(Recipe recipe, LongFunction<PoisonedWorkload.Poison> poison, List<Outcome> outcome) {
        Path runDir = Path.of(recipe.output());
        List<String> warnings = new ArrayList<>();
        TrainListener listener = new TrainListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            PoisonedWorkload workload = new PoisonedWorkload(manager, poison);
            outcome.add(new Outcome(workload, warnings));
            try {
                Files.createDirectories(runDir);
                return new TrainLoop(recipe, new RunContext(runDir, "auto", false, listener), workload, manager).run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                workload.close();
            }
        }
    }

    static JsonObject summary(Path runDir) throws IOException {
        return JsonParser.parseString(Files.readString(runDir.resolve("summary.json"))).getAsJsonObject();
    }

    static List<JsonObject> events(Path runDir, String event) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("event").getAsString().equals(event)) {
                out.add(o);
            }
        }
        return out;
    }
}
