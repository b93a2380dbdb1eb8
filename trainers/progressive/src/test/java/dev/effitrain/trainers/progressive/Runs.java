package dev.effitrain.trainers.progressive;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Writes tiny progressive recipes, runs them (whole, or stopped as SIGTERM would stop them) and reads their metrics. */
final class Runs {
    static final String HEAD = """
            trainer: progressive
            seed: 7
            device: cpu
            model: { arch: gpt, layers: 2, d_model: 32, heads: 2, seq_len: 16 }
            data: { source: synthetic-text, synthetic_size: 20000, val_fraction: 0.1 }
            optimizer: { name: adamw, lr: 3e-3 }
            schedule: { name: cosine, warmup: 2ba, min_lr: 1e-4 }
            train: { duration: 24ba, batch_size: 8, log_every: 1ba, eval_every: 0ba, checkpoint_every: 0ba, keep_last: 0 }
            """;

    private final Path dir;

    Runs(Path dir) {
        this.dir = dir;
    }

    Recipe recipe(String name, String body, String... sets) {
        return withHead(name, HEAD, body, sets);
    }

    /** A recipe with its own head (trainer, model, data, ...) instead of the tiny GPT one. */
    Recipe withHead(String name, String head, String body, String... sets) {
        try {
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, "name: " + name + "\n" + head + body);
            List<String> all = new ArrayList<>(List.of("output=" + dir.resolve(name)));
            all.addAll(List.of(sets));
            return RecipeLoader.load(file, all, Map.of("progressive", new ProgressiveTrainer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(Recipe r, String resume) throws IOException {
        Files.createDirectories(Path.of(r.output()));
        new ProgressiveTrainer().run(r, new RunContext(Path.of(r.output()), resume, false, TrainListener.NONE));
    }

    /** Runs until {@code stopAt} steps are done, then stops as SIGTERM would (checkpoint, exit 75). */
    static EffitrainException runStoppingAt(Recipe r, long stopAt, String resume) throws IOException {
        Files.createDirectories(Path.of(r.output()));
        AtomicBoolean[] flag = new AtomicBoolean[1];
        RunContext ctx = new RunContext(Path.of(r.output()), resume, false, new TrainListener() {
            @Override
            public void onStep(long step, long total, double loss, double lr) {
                if (step == stopAt) {
                    flag[0].set(true);
                }
            }
        });
        flag[0] = ctx.stopRequested();
        try {
            new ProgressiveTrainer().run(r, ctx);
        } catch (EffitrainException e) {
            return e;
        }
        throw new AssertionError("the run did not stop at step " + stopAt);
    }

    static List<JsonObject> events(Recipe r, String kind) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(r.output(), "metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("event").getAsString().equals(kind)) {
                out.add(o);
            }
        }
        return out;
    }

    /** step → training line. */
    static Map<Long, JsonObject> trainLines(Recipe r) throws IOException {
        Map<Long, JsonObject> m = new TreeMap<>();
        for (JsonObject o : events(r, "train")) {
            m.put(o.get("step").getAsLong(), o);
        }
        return m;
    }

    static Map<Long, Double> losses(Recipe r) throws IOException {
        Map<Long, Double> m = new TreeMap<>();
        trainLines(r).forEach((k, v) -> m.put(k, v.get("loss").getAsDouble()));
        return m;
    }

    static JsonObject state(Recipe r, long step) throws IOException {
        Path f = Path.of(r.output(), "checkpoints", String.format("step-%06d", step), "state.json");
        return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    }
}
