package dev.effitrain.core.grow;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.CheckpointSummary;
import dev.effitrain.core.checkpoint.TensorEntry;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.model.Gpt;
import dev.effitrain.core.model.GptSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.effitrain.core.json.StrictJson;

/**
 * The model a checkpoint holds: its recipe {@code model} record (state.json) completed with what
 * only the tensors know (vocabulary, context, channels, classes), checked against the tensor shapes.
 * Exactly one of {@code gpt} and {@code vit} is set.
 */
public record CheckpointModel(ModelConfig config, ModelDims dims, GptSpec gpt, VitSpec vit) {

    /** Reads the model of a checkpoint from its state and header, without tensor data. */
    public static CheckpointModel read(CheckpointSummary ckpt) {
        String where = ckpt.dir().resolve("state.json").toString();
        JsonElement m = ckpt.state().get("model");
        ModelConfig config;
        try {
            config = m == null || !m.isJsonObject() ? null : StrictJson.fromTree(m, ModelConfig.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            config = null;
        }
        if (config == null || config.arch() == null || config.heads() < 1) {
            throw EffitrainException.badInput(where + ": no readable \"model\" record (architecture and heads); "
                    + "this checkpoint was not written by effitrain run");
        }
        Map<String, Shape> shapes = new HashMap<>();
        for (TensorEntry t : ckpt.model().tensors()) {
            shapes.put(t.name(), t.shape());
        }
        CheckpointModel model = "vit".equals(config.arch()) ? vit(config, shapes, where) : gpt(config, shapes, where);
        model.checkAgainst(shapes, ckpt.dir().resolve("model.safetensors").toString());
        return model;
    }

    private static CheckpointModel gpt(ModelConfig c, Map<String, Shape> shapes, String where) {
        Shape tok = require(shapes, "tok_embed.weight", where);
        GptSpec spec = GptSpec.of(c, (int) tok.get(0));
        return new CheckpointModel(c, ModelDims.of(spec), spec, null);
    }

    private static CheckpointModel vit(ModelConfig c, Map<String, Shape> shapes, String where) {
        Shape patch = require(shapes, "patch_embed.proj.weight", where);
        Shape head = require(shapes, "head.weight", where);
        VitSpec spec = VitSpec.of(c, (int) patch.get(1), (int) head.get(0));
        return new CheckpointModel(c, ModelDims.of(spec), null, spec);
    }

    private static Shape require(Map<String, Shape> shapes, String name, String where) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw EffitrainException.badInput(where + ": the model record does not match the tensors (no " + name + ")");
        }
        return s;
    }

    /** The same model at {@code target}'s sizes (vocabulary, context, image geometry kept). */
    public CheckpointModel resized(ModelConfig target) {
        if (gpt != null) {
            GptSpec s = GptSpec.of(target, gpt.vocabSize());
            return new CheckpointModel(target, ModelDims.of(s), s, null);
        }
        VitSpec s = VitSpec.of(target, vit.channels(), vit.numClasses());
        return new CheckpointModel(target, ModelDims.of(s), null, s);
    }

    /** Creates the model's parameters in {@code ps}, freshly initialised (from the engine's random generator). */
    public void build(ParamStore ps) {
        if (gpt != null) {
            new Gpt(ps, gpt);
        } else {
            new Vit(ps, vit);
        }
    }

    /** Every parameter the model has must be in the file with its shape, and nothing else. */
    private void checkAgainst(Map<String, Shape> shapes, String file) {
        Map<String, Shape> expected = expectedShapes();
        Optional<String> problem = expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(shapes.get(e.getKey())))
                .map(e -> e.getKey() + " should be " + e.getValue() + " for the recorded model, but is "
                        + (shapes.containsKey(e.getKey()) ? shapes.get(e.getKey()) : "missing"))
                .findFirst()
                .or(() -> shapes.keySet().stream().filter(k -> !expected.containsKey(k)).findFirst()
                        .map(k -> k + " is not a parameter of the recorded model"));
        problem.ifPresent(p -> {
            throw EffitrainException.badInput(file + ": does not match state.json's model (" + dims.describe() + "): " + p);
        });
    }

    private Map<String, Shape> expectedShapes() {
        Map<String, Shape> out = new HashMap<>();
        int d = dims.dModel();
        int mlp = dims.mlpHidden();
        for (int i = 0; i < dims.layers(); i++) {
            String b = "blocks." + i + ".";
            out.put(b + "norm1.weight", new Shape(d));
            out.put(b + "norm1.bias", new Shape(d));
            out.put(b + "attn.qkv.weight", new Shape(3L * d, d));
            out.put(b + "attn.qkv.bias", new Shape(3L * d));
            out.put(b + "attn.proj.weight", new Shape(d, d));
            out.put(b + "attn.proj.bias", new Shape(d));
            out.put(b + "norm2.weight", new Shape(d));
            out.put(b + "norm2.bias", new Shape(d));
            out.put(b + "mlp.fc1.weight", new Shape(mlp, d));
            out.put(b + "mlp.fc1.bias", new Shape(mlp));
            out.put(b + "mlp.fc2.weight", new Shape(d, mlp));
            out.put(b + "mlp.fc2.bias", new Shape(d));
        }
        out.put("norm.weight", new Shape(d));
        out.put("norm.bias", new Shape(d));
        if (gpt != null) {
            out.put("tok_embed.weight", new Shape(gpt.vocabSize(), d));
            out.put("pos_embed.weight", new Shape(gpt.seqLen(), d));
            if ("stable".equals(config.embedding())) {
                out.put("tok_embed.norm.weight", new Shape(d));
                out.put("tok_embed.norm.bias", new Shape(d));
            }
            if (!gpt.tieEmbeddings()) {
                out.put("head.weight", new Shape(gpt.vocabSize(), d));
            }
        } else {
            out.put("patch_embed.proj.weight", new Shape(d, vit.channels(), vit.patchSize(), vit.patchSize()));
            out.put("patch_embed.proj.bias", new Shape(d));
            out.put("cls_token", new Shape(1, 1, d));
            if (vit.learnedPos()) {
                out.put("pos_embed", new Shape(1, vit.numPatches() + 1, d));
            }
            out.put("head.weight", new Shape(vit.numClasses(), d));
            out.put("head.bias", new Shape(vit.numClasses()));
        }
        return out;
    }
}
