package dev.effitrain.core.train;

import dev.effitrain.core.model.TensorCopy;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.ModelFromCheckpoint;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.metrics.RunMetrics;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.optim.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a run back where a checkpoint left it ({@code --resume}), or starts a new run from another
 * run's weights ({@code init_from}). Resume restores everything (weights, optimizer state, data
 * position, counters); init_from copies weights only.
 */
final class Resume {
    private Resume() {
    }

    /** Restores the run from {@code ckpt} (see {@link #resolve}), or starts it afresh when there is none. */
    static void restore(Optional<Path> ckpt, Recipe recipe, RunContext ctx, Workload workload, Optimizer optimizer,
                        TrainLoop.RunState state) {
        NDManager manager = workload.params().manager();
        if (ckpt.isEmpty()) {
            // a fresh start: lines of an earlier attempt that died before its first checkpoint are not this run's
            truncateMetrics(ctx.runDir().resolve(RunMetrics.JSONL), 0);
            if (recipe.initFrom() != null) {
                Path from = recipe.resolvePath(recipe.initFrom());
                ModelFromCheckpoint.requireAgreement(recipe.model(), from);
                initFrom(from, workload, manager);
            }
            return;
        }
        Path dir = ckpt.get();
        Checkpoint c = CheckpointReader.load(dir, manager);
        try {
            copyWeights(c.model(), workload.params().all(), dir.resolve("model.safetensors"), true);
            optimizer.loadState(c.optimizer(), workload.params().all());
            JsonObject st = c.state();
            Path file = dir.resolve(CheckpointLayout.STATE_FILE);
            restoreCounters(st, state, file);
            state.wallNanos = (long) (number(st, "wall_s", file) * 1e9);
            state.rollbacks = st.has("rollbacks") ? (long) number(st, "rollbacks", file) : 0;
            state.lrScale = st.has("lr_scale") ? number(st, "lr_scale", file) : 1.0;
            if (state.scaler != null && st.has("loss_scaler") && st.get("loss_scaler").isJsonObject()) {
                state.scaler.restore(st.getAsJsonObject("loss_scaler"));
            }
            JsonElement data = st.get("data");
            if (data == null || !data.isJsonObject()) {
                throw EffitrainException.badInput(file + ": \"data\" (the data position) is missing or not an object");
            }
            try {
                workload.restoreDataState(data.getAsJsonObject());
            } catch (EffitrainException e) {
                throw EffitrainException.badInput(file + ": \"data\": " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            if (e instanceof EffitrainException) {
                throw e;
            }
            throw EffitrainException.badInput(dir.resolve("state.json") + ": cannot resume from this checkpoint ("
                    + e.getMessage() + ")", e);
        } finally {
            closeAll(c.model());
            closeAll(c.optimizer());
        }
        truncateMetrics(ctx.runDir().resolve(RunMetrics.JSONL), state.step);
    }

    /** Step, samples, FLOPs and skipped steps as the checkpoint recorded them (resume and rollback). */
    static void restoreCounters(JsonObject st, TrainLoop.RunState state, Path file) {
        state.step = (long) number(st, "step", file);
        state.samples = (long) number(st, "samples", file);
        state.flops = number(st, "flops", file);
        state.skipped = st.has("skipped") ? (long) number(st, "skipped", file) : 0;
    }

    /** A numeric field of state.json; exit 3 naming the file and the field when it is missing or not a number. */
    private static double number(JsonObject st, String key, Path file) {
        JsonElement e = st.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw EffitrainException.badInput(file + ": \"" + key + "\" is " + (e == null ? "missing" : "not a number: " + e)
                    + " (the checkpoint is damaged or was not written by effitrain)");
        }
        return e.getAsDouble();
    }

    /** auto: the newest complete checkpoint of this run, if any; never: none; otherwise a path. */
    static Optional<Path> resolve(String resume, Path runDir) {
        return CheckpointReader.resolveResume(resume, runDir);
    }

    private static void initFrom(Path from, Workload workload, NDManager manager) {
        Path dir = CheckpointReader.resolve(from);
        Checkpoint c = CheckpointReader.load(dir, manager);
        try {
            copyWeights(c.model(), workload.params().all(), dir.resolve("model.safetensors"), false);
        } finally {
            closeAll(c.model());
            closeAll(c.optimizer());
        }
    }

    /**
     * Copies tensors into same-named parameters. Strict (resume): every parameter must be present
     * with its shape. Lenient (init_from): copies what matches by name and shape, and fails only if
     * nothing does.
     */
    static int copyWeights(Map<String, NDArray> saved, List<Param> params, Path file, boolean strict) {
        int copied = 0;
        List<String> problems = new ArrayList<>();
        for (Param p : params) {
            NDArray src = saved.get(p.name());
            if (src == null) {
                problems.add(p.name() + " is missing");
                continue;
            }
            if (!src.getShape().equals(p.array().getShape())) {
                problems.add(p.name() + " has shape " + src.getShape() + ", the model needs " + p.array().getShape());
                continue;
            }
            TensorCopy.into(src, p.array());
            copied++;
        }
        if ((strict && !problems.isEmpty()) || copied == 0) {
            throw EffitrainException.badInput(file + ": does not fit this model: " + String.join("; ",
                    problems.subList(0, Math.min(3, problems.size()))) + (problems.size() > 3 ? "; …" : ""));
        }
        return copied;
    }

    /** Drops metric lines logged after the checkpoint we resume from, so curves have no duplicates. */
    private static void truncateMetrics(Path file, long step) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonElement e = JsonParser.parseString(line);
                    if (e.isJsonObject() && e.getAsJsonObject().has("step")
                            && e.getAsJsonObject().get("step").getAsLong() > step) {
                        continue;
                    }
                    kept.add(line);
                } catch (RuntimeException malformed) {
                    // a line cut by a crash: drop it
                }
            }
            // atomically: a kill during the rewrite must not lose the lines before the checkpoint
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot rewrite metrics on resume (" + e.getMessage() + ")");
        }
    }

    private static void closeAll(Map<String, NDArray> arrays) {
        if (arrays != null) {
            arrays.values().forEach(NDArray::close);
        }
    }
}
