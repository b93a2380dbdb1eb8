package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small model, 8-bit-style optimizer state and training state, varied by a seed. */
final class CheckpointFixtures {

    private CheckpointFixtures() {
    }

    static Map<String, NDArray> model(NDManager manager, long seed) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("tok.weight", TestTensors.random(manager, DataType.FLOAT32, new Shape(16, 8), seed));
        m.put("blocks.0.attn.qkv.weight", TestTensors.random(manager, DataType.FLOAT32, new Shape(24, 8), seed + 1));
        m.put("blocks.0.ln1.bias", TestTensors.random(manager, DataType.FLOAT32, new Shape(8), seed + 2));
        return m;
    }

    static Map<String, NDArray> optimizer(NDManager manager, long seed) {
        Map<String, NDArray> o = new LinkedHashMap<>();
        o.put("tok.weight.exp_avg.codes", TestTensors.random(manager, DataType.UINT8, new Shape(128), seed));
        o.put("tok.weight.exp_avg.absmax", TestTensors.random(manager, DataType.FLOAT32, new Shape(1), seed + 1));
        o.put("blocks.0.ln1.bias.exp_avg_sq", TestTensors.random(manager, DataType.FLOAT32, new Shape(8), seed + 2));
        o.put("step", manager.create(seed));
        return o;
    }

    static JsonObject state(long dataPosition) {
        JsonObject s = new JsonObject();
        s.addProperty("data_position", dataPosition);
        JsonObject rng = new JsonObject();
        rng.addProperty("seed", 1234);
        rng.addProperty("draws", dataPosition * 3);
        s.add("rng", rng);
        s.addProperty("stage", 0);
        return s;
    }
}
