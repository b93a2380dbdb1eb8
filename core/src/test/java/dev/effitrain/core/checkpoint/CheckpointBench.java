package dev.effitrain.core.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Write/read speed of a checkpoint: a 100 MB fp32 model plus AdamW state (2 × 100 MB). Not a test;
 * run by hand (see the report in the commit that added it):
 * {@code java -cp core/target/test-classes:core/target/classes:$(cat cp.txt) dev.effitrain.core.checkpoint.CheckpointBench [dir]}
 */
public final class CheckpointBench {

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ckpt-bench");
        int repeats = 5;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> model = new LinkedHashMap<>();
            Map<String, NDArray> optimizer = new LinkedHashMap<>();
            for (int i = 0; i < 25; i++) { // 25 × 1M floats = 100 MB
                String name = "blocks." + i + ".mlp.weight";
                model.put(name, manager.randomNormal(new Shape(1024, 1024)));
                optimizer.put(name + ".exp_avg", manager.randomNormal(new Shape(1024, 1024)));
                optimizer.put(name + ".exp_avg_sq", manager.randomNormal(new Shape(1024, 1024)));
            }
            Path file = root.resolve("model.safetensors");
            CheckpointStore store = CheckpointStore.open(root.resolve("checkpoints"));
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                SafeTensors.write(file, model, Map.of("format", "pt"));
                long t1 = System.nanoTime();
                Map<String, NDArray> back = SafeTensors.read(file, manager);
                long t2 = System.nanoTime();
                back.values().forEach(NDArray::close);
                Path ckpt = store.save(r, model, optimizer, new JsonObject());
                long t3 = System.nanoTime();
                try (Checkpoint c = CheckpointReader.load(ckpt, manager)) {
                    c.step();
                }
                long t4 = System.nanoTime();
                store.keepLast(1);
                double mb = Files.size(file) / 1e6;
                double ckptMb = mb + Files.size(ckpt.resolve("optimizer.safetensors")) / 1e6;
                System.out.printf("run %d: model file %.0f MB write %.3f s (%.0f MB/s) read %.3f s (%.0f MB/s) | "
                                + "checkpoint %.0f MB save %.3f s (%.0f MB/s) load+verify %.3f s (%.0f MB/s)%n",
                        r, mb, sec(t0, t1), mb / sec(t0, t1), sec(t1, t2), mb / sec(t1, t2),
                        ckptMb, sec(t2, t3), ckptMb / sec(t2, t3), sec(t3, t4), ckptMb / sec(t3, t4));
            }
        } finally {
            CheckpointStore.deleteRecursively(root);
        }
    }

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
