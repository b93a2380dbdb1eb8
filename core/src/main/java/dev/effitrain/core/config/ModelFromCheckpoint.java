package dev.effitrain.core.config;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.config.ConfigNode.MapNode;
import dev.effitrain.core.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code model:} section of an {@code init_from} checkpoint (its {@code state.json}). A recipe
 * that leaves {@code model:} out, or says {@code model: checkpoint}, gets the checkpoint's, so a
 * second-stage recipe works on any first-stage run; a recipe that gives both must agree with the
 * checkpoint on every key that decides a tensor's shape.
 */
public final class ModelFromCheckpoint {
    /** The value of {@code model:} that asks for the checkpoint's architecture. */
    static final String CHECKPOINT = "checkpoint";

    private ModelFromCheckpoint() {
    }

    /**
     * {@code files} with the checkpoint's model section in place of a missing (or
     * {@code checkpoint}) one when {@code init_from} is set in the files or by {@code --set}.
     */
    static MapNode fillIn(MapNode files, List<SetOverride> overrides, Path baseDir, ValidationErrors errors) {
        ConfigNode model = files.get("model");
        for (SetOverride o : overrides) {
            if (isCheckpointModel(o)) {
                model = o.value();
            }
        }
        boolean wantsCheckpoint = model instanceof ScalarNode s && CHECKPOINT.equals(s.text());
        if (model != null && !wantsCheckpoint) {
            return files;
        }
        ConfigNode initFrom = files.get("init_from");
        for (SetOverride o : overrides) {
            if (o.segments().equals(List.of(new SetOverride.Key("init_from")))) {
                initFrom = o.value();
            }
        }
        if (!(initFrom instanceof ScalarNode from) || from.isNull()) {
            if (wantsCheckpoint) {
                errors.add(model.origin(), "model", "model: checkpoint takes the architecture from init_from, "
                        + "but init_from is not set");
                return files.without("model");
            }
            return files;
        }
        Path dir = Path.of(from.text());
        Path relativeTo = from.origin().baseDir() != null ? from.origin().baseDir() : baseDir;
        dir = dir.isAbsolute() || relativeTo == null ? dir : relativeTo.resolve(dir).normalize();
        if (!Files.exists(dir)) {
            return files.without("model"); // validation reports the missing init_from
        }
        try {
            Path state = CheckpointReader.resolve(dir).resolve(CheckpointLayout.STATE_FILE);
            String yaml = toYaml(read(state));
            String label = state.toString();
            YamlTreeReader.Result r = YamlTreeReader.read(new StringReader(yaml),
                    mark -> new Origin(label, 0, baseDir, false), "", errors);
            return r.root() instanceof MapNode m ? files.with("model", m.get("model")) : files.without("model");
        } catch (EffitrainException e) {
            if (wantsCheckpoint) {
                errors.add(from.origin(), "init_from", e.getMessage());
            } // else loading the weights reports the unreadable checkpoint (exit 3)
            return files.without("model");
        }
    }

    /** {@code overrides} without {@code --set model=checkpoint}, which {@link #fillIn} has taken care of. */
    static List<SetOverride> withoutCheckpointModel(List<SetOverride> overrides) {
        return overrides.stream().filter(o -> !isCheckpointModel(o)).toList();
    }

    private static boolean isCheckpointModel(SetOverride o) {
        return o.segments().equals(List.of(new SetOverride.Key("model")))
                && o.value() instanceof ScalarNode v && CHECKPOINT.equals(v.text());
    }

    /** The checkpoint's model section as a typed record (for the agreement check at load time). */
    public static ModelConfig of(Path checkpoint) {
        Path state = CheckpointReader.resolve(checkpoint).resolve(CheckpointLayout.STATE_FILE);
        Map<String, Object> camel = new LinkedHashMap<>();
        read(state).forEach((k, v) -> camel.put(camelCase(k), v));
        return new Gson().fromJson(new Gson().toJson(camel), ModelConfig.class);
    }

    /**
     * The first shape-deciding key on which a recipe's model and a checkpoint's differ, as
     * {@code "model.layers: the checkpoint has 4, the recipe 8"}, or null when they agree. Keys that
     * only say "from the data" (0) in either are not compared.
     */
    public static String firstDifference(ModelConfig recipe, ModelConfig checkpoint) {
        Map<String, Function<ModelConfig, Object>> keys = new LinkedHashMap<>();
        keys.put("arch", ModelConfig::arch);
        keys.put("layers", ModelConfig::layers);
        keys.put("d_model", ModelConfig::dModel);
        keys.put("heads", ModelConfig::heads);
        keys.put("mlp width (mlp_hidden or mlp_ratio * d_model)", ModelConfig::mlpWidth);
        keys.put("qk_norm", ModelConfig::qkNorm);
        if ("gpt".equals(recipe.arch())) {
            keys.put("seq_len", ModelConfig::seqLen);
            keys.put("vocab_size", m -> m.vocabSize() == 0 ? null : m.vocabSize());
        } else {
            keys.put("image_size", ModelConfig::imageSize);
            keys.put("patch_size", ModelConfig::patchSize);
            keys.put("channels", m -> m.channels() == 0 ? null : m.channels());
        }
        for (Map.Entry<String, Function<ModelConfig, Object>> k : keys.entrySet()) {
            Object mine = k.getValue().apply(recipe);
            Object theirs = k.getValue().apply(checkpoint);
            if (mine != null && theirs != null && !Objects.equals(mine, theirs)) {
                return "model." + k.getKey() + ": the checkpoint has " + theirs + ", the recipe " + mine;
            }
        }
        return null;
    }

    /** Refuses (exit 2) a recipe model that contradicts the init_from checkpoint's. */
    public static void requireAgreement(ModelConfig recipe, Path checkpoint) {
        String diff = firstDifference(recipe, of(checkpoint));
        if (diff != null) {
            throw EffitrainException.usage("init_from " + checkpoint + " does not fit the recipe's model: " + diff
                    + " (leave model: out of the recipe, or write model: checkpoint, to take the checkpoint's)");
        }
    }

    private static Map<String, JsonElement> read(Path state) {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
            if (!root.has("model") || !root.get("model").isJsonObject()) {
                throw EffitrainException.badInput(state + ": has no model section (not written by effitrain?)");
            }
            return root.getAsJsonObject("model").asMap();
        } catch (IOException | RuntimeException e) {
            if (e instanceof EffitrainException ee) {
                throw ee;
            }
            throw EffitrainException.badInput(state + ": cannot read the model section (" + e.getMessage() + ")");
        }
    }

    private static String toYaml(Map<String, JsonElement> model) {
        StringBuilder yaml = new StringBuilder("model:\n");
        model.forEach((k, v) -> yaml.append("  ").append(snakeCase(k)).append(": ").append(v).append('\n'));
        return yaml.toString();
    }

    static String snakeCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String camelCase(String key) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
