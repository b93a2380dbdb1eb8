package dev.effitrain.trainers.mim;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes, loads and runs tiny mim recipes in a temporary directory; reads what the runs wrote. */
final class MaeRuns {
    /** A 16px synthetic-image MAE small enough for a test: a few seconds per run. */
    static final String TINY = """
            trainer: mim
            seed: 5
            device: cpu
            model: { arch: vit, image_size: 16, patch_size: 4, layers: 2, d_model: 32, heads: 2, pos_embed: sincos }
            data: { source: synthetic-image, synthetic_size: 1200, val_fraction: 0.1 }
            mae: { mask_ratio: 0.75, decoder_dim: 32, decoder_depth: 1, decoder_heads: 2, base_lr: 2.0e-3, recon_images: 4 }
            schedule: { name: cosine, warmup: 0.1dur, min_lr: 0.0 }
            train: { duration: 60ba, batch_size: 32, log_every: 1ba, eval_every: 30ba, eval_batches: 2, checkpoint_every: 30ba }
            """;

    private final Path dir;

    MaeRuns(Path dir) {
        this.dir = dir;
    }

    Recipe recipe(String name, String text, String... sets) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + text);
        List<String> all = new ArrayList<>(List.of("output=" + dir.resolve(name)));
        all.addAll(List.of(sets));
        return RecipeLoader.load(file, all, Map.of("mim", new MimTrainer()));
    }

    static Path run(Recipe r) throws Exception {
        return run(r, new RunContext(Path.of(r.output()), "never", false, TrainListener.NONE));
    }

    static Path run(Recipe r, RunContext ctx) throws Exception {
        Files.createDirectories(Path.of(r.output()));
        new MimTrainer().run(r, ctx);
        return Path.of(r.output());
    }

    /** Every metrics.jsonl line with {@code event == kind}. */
    static List<JsonObject> events(Path runDir, String kind) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("event").getAsString().equals(kind)) {
                out.add(o);
            }
        }
        return out;
    }

    static JsonObject summary(Path runDir) throws IOException {
        return JsonParser.parseString(Files.readString(runDir.resolve("summary.json"))).getAsJsonObject();
    }
}
