package dev.effitrain.trainers.progressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The big model as it was before a V-cycle coalesced it, kept for the interpolation on the way back
 * up: {@code <run>/progressive/anchor-stage-N/{model,optimizer}.safetensors}, written atomically.
 * It lives outside {@code checkpoints/} so that checkpoint retention never deletes it, and a run
 * resumed between coalescing and interpolating finds it.
 */
final class Anchors {
    private static final Map<String, String> METADATA = Map.of("format", "pt");
    private final Path dir;

    Anchors(Path runDir) {
        this.dir = runDir.resolve("progressive");
    }

    Path dirFor(int stage) {
        return dir.resolve("anchor-stage-" + stage);
    }

    void save(int stage, Map<String, NDArray> model, Map<String, NDArray> optimizer) {
        Path target = dirFor(stage);
        Path tmp = dir.resolve(".tmp-anchor-stage-" + stage);
        try {
            Files.createDirectories(tmp);
            SafeTensors.write(tmp.resolve("model.safetensors"), model, METADATA);
            SafeTensors.write(tmp.resolve("optimizer.safetensors"), optimizer, METADATA);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(target + ": cannot save the model before coalescing (" + e.getMessage() + ")", e);
        }
    }

    /** Model and optimizer tensors saved for {@code stage}, on {@code manager}; close them after use. */
    Loaded load(int stage, NDManager manager) {
        Path d = dirFor(stage);
        if (!Files.isDirectory(d)) {
            throw EffitrainException.badInput(d + ": missing; it holds the model from before the coalesce at stage "
                    + stage + ", which the interpolation needs (was the run directory cleaned?)");
        }
        Map<String, NDArray> model = SafeTensors.read(d.resolve("model.safetensors"), manager);
        try {
            return new Loaded(model, SafeTensors.read(d.resolve("optimizer.safetensors"), manager));
        } catch (RuntimeException e) {
            model.values().forEach(NDArray::close);
            throw e;
        }
    }

    record Loaded(Map<String, NDArray> model, Map<String, NDArray> optimizer) implements AutoCloseable {
        @Override
        public void close() {
            model.values().forEach(NDArray::close);
            optimizer.values().forEach(NDArray::close);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
