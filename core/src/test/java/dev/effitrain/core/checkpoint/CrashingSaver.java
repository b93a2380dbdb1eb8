package dev.effitrain.core.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;

/** Child process for {@link CheckpointCrashTest}: saves checkpoints forever until it is killed. */
public final class CrashingSaver {

    public static void main(String[] args) {
        Path runDir = Path.of(args[0]);
        long step = Long.parseLong(args[1]);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore store = CheckpointStore.forRun(runDir);
            while (true) {
                step++;
                try (NDManager scratch = manager.newSubManager()) {
                    store.save(step, model(scratch, step), CheckpointFixtures.optimizer(scratch, step),
                            CheckpointFixtures.state(step));
                }
                store.keepLast(3);
                System.out.println("saved " + step);
                System.out.flush();
            }
        }
    }

    /** ~4 MB, so a kill often lands mid-write. */
    static Map<String, NDArray> model(NDManager manager, long step) {
        return Map.of("big.weight", TestTensors.random(manager, DataType.FLOAT32, new Shape(1024, 1024), step),
                "small.bias", TestTensors.random(manager, DataType.FLOAT32, new Shape(16), step + 1));
    }
}
