package dev.effitrain.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.effitrain.core.checkpoint.SafeTensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A safetensors file's tensors as float arrays by name, for comparing checkpoints in tests. */
final class CheckpointTensors {
    private CheckpointTensors() {
    }

    static Map<String, float[]> read(Path file) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, float[]> out = new TreeMap<>();
            SafeTensors.read(file, m).forEach((k, v) -> out.put(k, v.toType(DataType.FLOAT32, false).toFloatArray()));
            return out;
        }
    }
}
