package dev.effitrain.core.grow;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.checkpoint.CheckpointStore;
import dev.effitrain.core.model.ParamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.effitrain.core.json.StrictJson;

/**
 * {@code effitrain expand}: grows a checkpoint with an {@link ExpansionPlan} and writes a complete
 * checkpoint ({@code OUT/checkpoints/step-N}, N the source's step) that {@code init_from:} accepts,
 * whose state.json keeps the source's training position and records the provenance: the parent
 * checkpoint, the SHA-256 of its tensor files (from its state.json), operators, sizes and arguments.
 */
public final class Expansion {

    /** What was written. */
    public record Result(Path checkpoint, JsonObject provenance, List<String> optimizerReset) {
    }

    private Expansion() {
    }

    /**
     * @param mapOptimizer carry the optimizer state through the operators (else an empty, reset state)
     * @param seed         seeds the fresh initialisation of new structure and the noise
     * @param arguments    the request as the user gave it, recorded in the provenance
     * @throws EffitrainException exit 2 if the plan has problems or {@code out} is not empty; exit 3 for a
     *     corrupt source checkpoint or an unwritable {@code out}
     */
    public static Result run(ExpansionPlan plan, Path out, boolean mapOptimizer, long seed, List<String> arguments,
                             NDManager manager) {
        if (!plan.problems().isEmpty()) {
            throw EffitrainException.usage(plan.problems().get(0).message());
        }
        requireEmpty(out);
        try (Checkpoint source = CheckpointReader.load(plan.sourceDir(), manager);
             ParamStore target = new ParamStore(manager);
             NDScope scope = new NDScope()) {
            Engine.getInstance().setRandomSeed((int) seed);
            plan.to().build(target);
            Map<String, NDArray> grown = Growth.weights(source.model(), plan.from().dims(), plan.to().dims(), plan.spec(),
                    target.arrays());
            Map<String, NDArray> optimizer = Map.of();
            List<String> reset = List.of();
            if (mapOptimizer) {
                StateMapping m = StateMapping.map(source.optimizer(), source.model(), plan.from().dims(), plan.to().dims(),
                        plan.spec(), target.arrays());
                optimizer = m.mapped();
                reset = m.reset();
            }
            JsonObject provenance = provenance(plan, source, mapOptimizer, reset, seed, arguments);
            JsonObject state = state(source.state(), plan, provenance);
            Path written = CheckpointStore.open(out.resolve("checkpoints")).save(source.step(), ordered(grown, target),
                    optimizer, state);
            return new Result(written, provenance, reset);
        }
    }

    private static Map<String, NDArray> ordered(Map<String, NDArray> grown, ParamStore target) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : target.arrays().keySet()) {
            out.put(name, grown.get(name));
        }
        return out;
    }

    private static JsonObject provenance(ExpansionPlan plan, Checkpoint source, boolean mapOptimizer, List<String> reset,
                                         long seed, List<String> arguments) {
        JsonObject p = new JsonObject();
        p.addProperty("parent", plan.sourceDir().toAbsolutePath().normalize().toString());
        p.addProperty("parent_step", source.step());
        JsonObject hashes = new JsonObject();
        JsonElement files = source.state().get("files");
        if (files != null && files.isJsonObject()) {
            files.getAsJsonObject().entrySet().forEach(e -> hashes.add(e.getKey(), e.getValue().getAsJsonObject().get("sha256")));
        }
        p.add("parent_sha256", hashes);
        JsonObject op = new JsonObject();
        op.addProperty("depth", plan.spec().depth().label());
        op.addProperty("width", plan.spec().width().label());
        op.addProperty("groups", plan.spec().groups().name().toLowerCase(java.util.Locale.ROOT));
        op.addProperty("noise", plan.spec().noise());
        p.add("operator", op);
        p.addProperty("from", plan.from().dims().describe());
        p.addProperty("to", plan.to().dims().describe());
        p.addProperty("function_preserving", plan.functionPreserving());
        p.addProperty("optimizer_state", mapOptimizer ? "map" : "reset");
        if (!reset.isEmpty()) {
            JsonArray r = new JsonArray();
            reset.forEach(r::add);
            p.add("optimizer_state_reset", r);
        }
        p.addProperty("seed", seed);
        JsonArray args = new JsonArray();
        arguments.forEach(args::add);
        p.add("arguments", args);
        JsonElement earlier = source.state().get("provenance");
        if (earlier != null) {
            p.add("parent_provenance", earlier.deepCopy());
        }
        return p;
    }

    /** The source's state (training position, data order, seed) with the new model and provenance. */
    private static JsonObject state(JsonObject source, ExpansionPlan plan, JsonObject provenance) {
        JsonObject s = source.deepCopy();
        for (String k : new String[] {"files", "format_version", "progressive", "provenance"}) {
            s.remove(k);
        }
        s.add("model", StrictJson.tree(plan.to().config()));
        s.add("provenance", provenance);
        return s;
    }

    private static void requireEmpty(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw EffitrainException.usage("--out " + out + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw EffitrainException.usage("--out " + out + " is not empty; choose a new directory");
            }
        } catch (IOException e) {
            throw EffitrainException.badInput(out + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
