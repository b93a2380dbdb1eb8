package dev.effitrain.trainers.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.TrainListener;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end language-model training through the shared loop: learning, resume, failure paths. */
class LmTrainingTest {
    static final String RECIPE = """
            name: tiny
            trainer: standard
            seed: 7
            device: cpu
            model: { arch: gpt, layers: 2, d_model: 32, heads: 2, seq_len: 16 }
            data: { source: synthetic-text, synthetic_size: 20000, val_fraction: 0.1 }
            optimizer: { name: adamw, lr: 3e-3 }
            schedule: { name: cosine, warmup: 2ba, min_lr: 1e-4 }
            train: { duration: 12ba, batch_size: 8, log_every: 1ba, eval_every: 6ba, eval_batches: 2, checkpoint_every: 6ba, keep_last: 3 }
            """;

    @TempDir
    Path dir;

    private Recipe recipe(String name, String... sets) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, RECIPE);
        List<String> all = new ArrayList<>(List.of("output=" + dir.resolve(name)));
        all.addAll(List.of(sets));
        return RecipeLoader.load(file, all, Map.of("standard", new StandardTrainer()));
    }

    private static RunContext context(Recipe r, String resume, TrainListener listener) {
        return new RunContext(Path.of(r.output()), resume, false, listener);
    }

    private static void run(Recipe r, String resume) throws Exception {
        Files.createDirectories(Path.of(r.output()));
        new StandardTrainer().run(r, context(r, resume, TrainListener.NONE));
    }

    /** step → loss from metrics.jsonl training lines. */
    private static Map<Long, Double> losses(Path runDir) throws IOException {
        Map<Long, Double> m = new TreeMap<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("event").getAsString().equals("train")) {
                m.put(o.get("step").getAsLong(), o.get("loss").getAsDouble());
            }
        }
        return m;
    }

    /** A context whose stop flag is raised (as SIGTERM would) once {@code stopAt} steps are done. */
    private static RunContext stoppingAt(Recipe r, long stopAt) {
        AtomicBoolean[] flag = new AtomicBoolean[1];
        RunContext ctx = new RunContext(Path.of(r.output()), "never", false, new TrainListener() {
            @Override
            public void onStep(long step, long total, double loss, double lr) {
                if (step == stopAt) {
                    flag[0].set(true);
                }
            }
        });
        flag[0] = ctx.stopRequested();
        return ctx;
    }

    @Test
    void stoppedAndResumedRunMatchesUninterruptedRunStepByStep() throws Exception {
        Recipe full = recipe("full");
        run(full, "never");

        Recipe parted = recipe("parted");
        Files.createDirectories(Path.of(parted.output()));
        EffitrainException stopped = assertThrows(EffitrainException.class,
                () -> new StandardTrainer().run(parted, stoppingAt(parted, 5)));
        assertEquals(ExitCode.INTERRUPTED, stopped.exitCode());
        assertTrue(Files.isDirectory(Path.of(parted.output(), "checkpoints", "step-000005")));
        run(parted, "auto");

        Map<Long, Double> a = losses(Path.of(full.output()));
        Map<Long, Double> b = losses(Path.of(parted.output()));
        assertEquals(12, a.size());
        assertEquals(a.keySet(), b.keySet(), "the resumed run logs every step exactly once");
        for (long step : a.keySet()) {
            double rel = Math.abs(a.get(step) - b.get(step)) / Math.abs(a.get(step));
            assertTrue(rel < 1e-5, "step " + step + ": " + a.get(step) + " vs " + b.get(step));
        }
        JsonObject summary = JsonParser.parseString(Files.readString(Path.of(parted.output(), "summary.json"))).getAsJsonObject();
        assertEquals("completed", summary.get("status").getAsString());
        assertEquals(12, summary.get("steps").getAsLong());
        assertTrue(summary.get("optimizer_state_bytes").getAsLong() > 0, "AdamW state is reported");
    }

    @Test
    void gradientAccumulationMatchesTheFullBatch() throws Exception {
        Recipe whole = recipe("whole", "train.duration=4ba", "train.eval_every=0", "train.grad_clip=0");
        Recipe accumulated = recipe("accum", "train.duration=4ba", "train.eval_every=0", "train.grad_clip=0",
                "train.grad_accum=2");
        run(whole, "never");
        run(accumulated, "never");
        Map<Long, Double> a = losses(Path.of(whole.output()));
        Map<Long, Double> b = losses(Path.of(accumulated.output()));
        for (long step = 1; step <= 4; step++) {
            assertEquals(a.get(step), b.get(step), 1e-4 * a.get(step), "step " + step);
        }
    }

    @Test
    void lossFallsAndEvaluationReportsPerplexity() throws Exception {
        Recipe r = recipe("learn", "train.duration=60ba", "train.eval_every=60ba", "train.checkpoint_every=0");
        run(r, "never");
        Map<Long, Double> l = losses(Path.of(r.output()));
        double first = l.get(1L);
        double last = l.get(60L);
        assertTrue(first > 4.5, "starts near log(256)=5.55: " + first);
        assertTrue(last < first - 1.5, "loss must fall: " + first + " -> " + last);
        JsonObject summary = JsonParser.parseString(Files.readString(Path.of(r.output(), "summary.json"))).getAsJsonObject();
        JsonObject eval = summary.getAsJsonObject("eval");
        assertEquals(Math.exp(eval.get("val_loss").getAsDouble()), eval.get("val_ppl").getAsDouble(), 1e-6);
        assertTrue(Files.isDirectory(Path.of(r.output(), "checkpoints", "step-000060")), "final checkpoint");
    }

    @Test
    void explodingLearningRateStopsWithExitCode4() throws Exception {
        Recipe r = recipe("boom", "optimizer.lr=1e12", "train.grad_clip=0", "schedule.name=constant", "schedule.warmup=0ba",
                "schedule.min_lr=0", "model.layers=1");
        Files.createDirectories(Path.of(r.output()));
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> new StandardTrainer().run(r, context(r, "never", TrainListener.NONE)));
        assertEquals(ExitCode.DIVERGED, e.exitCode());
        assertTrue(e.getMessage().contains("at step"), e.getMessage());
        JsonObject summary = JsonParser.parseString(Files.readString(Path.of(r.output(), "summary.json"))).getAsJsonObject();
        assertEquals("diverged", summary.get("status").getAsString());
    }

    @Test
    void corruptCheckpointOnResumeIsExitCode3NamingTheFile() throws Exception {
        Recipe r = recipe("corrupt", "train.duration=6ba");
        run(r, "never");
        Path model = Path.of(r.output(), "checkpoints", "step-000006", "model.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(model.toFile(), "rw")) {
            f.seek(f.length() - 10);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        Recipe longer = recipe("corrupt", "train.duration=12ba");
        EffitrainException e = assertThrows(EffitrainException.class, () -> run(longer, "auto"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void keepLastRetainsTheNewestCheckpoints() throws Exception {
        Recipe r = recipe("keep", "train.checkpoint_every=2ba", "train.keep_last=2", "train.eval_every=0");
        run(r, "never");
        try (Stream<Path> s = Files.list(Path.of(r.output(), "checkpoints"))) {
            assertEquals(List.of("step-000010", "step-000012"),
                    s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList());
        }
    }
}
