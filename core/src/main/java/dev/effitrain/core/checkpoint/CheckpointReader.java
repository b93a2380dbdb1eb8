package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds, verifies and loads checkpoints. Wherever a checkpoint is expected, a path may name:
 * <ul>
 *   <li>a checkpoint directory ({@code runs/x/checkpoints/step-000500}, or any directory holding a
 *       {@code state.json}),</li>
 *   <li>a file inside one ({@code .../step-000500/model.safetensors}),</li>
 *   <li>a run directory ({@code runs/x}, holding {@code checkpoints/}) or its {@code checkpoints}
 *       directory: then the newest complete checkpoint in it.</li>
 * </ul>
 * Every problem (missing, damaged, corrupt) is exit 3 with the file and the reason. Read-only: never
 * deletes anything, so it is safe while a run writes into the same directory.
 */
public final class CheckpointReader {

    private static final Logger LOG = LogManager.getLogger(CheckpointReader.class);

    private CheckpointReader() {
    }

    /**
     * Loads model and optimizer tensors and the state onto {@code manager}, after checking every
     * tensor file's size and SHA-256 against {@code state.json}.
     */
    public static Checkpoint load(Path path, NDManager manager) {
        Path dir = resolve(path);
        CheckpointState state = CheckpointState.read(dir);
        verify(dir, state);
        Map<String, NDArray> model = SafeTensors.read(dir.resolve(CheckpointLayout.MODEL_FILE), manager);
        try {
            Map<String, NDArray> optimizer = SafeTensors.read(dir.resolve(CheckpointLayout.OPTIMIZER_FILE), manager);
            return new Checkpoint(model, optimizer, state.json(), dir);
        } catch (RuntimeException e) {
            model.values().forEach(NDArray::close);
            throw e;
        }
    }

    /** Checks that every tensor file is present with the size and SHA-256 recorded in state.json. */
    public static void verify(Path checkpointDir) {
        verify(checkpointDir, CheckpointState.read(checkpointDir));
    }

    /** State and tensor headers, without reading tensor data or checksums. */
    public static CheckpointSummary describe(Path path) {
        Path dir = resolve(path);
        CheckpointState state = CheckpointState.read(dir);
        return new CheckpointSummary(dir, state.step(), state.json(),
                SafeTensors.readHeader(dir.resolve(CheckpointLayout.MODEL_FILE)),
                SafeTensors.readHeader(dir.resolve(CheckpointLayout.OPTIMIZER_FILE)));
    }

    /**
     * The checkpoint directory {@code path} stands for (see the class comment).
     *
     * @throws EffitrainException exit 3 when there is none
     */
    public static Path resolve(Path path) {
        if (!Files.exists(path)) {
            throw EffitrainException.badInput(path + ": no such checkpoint or run directory");
        }
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (name.equals(CheckpointLayout.STATE_FILE) || CheckpointLayout.TENSOR_FILES.contains(name)) {
                return path.toAbsolutePath().getParent();
            }
            throw EffitrainException.badInput(path + ": not a checkpoint directory (a checkpoint is a directory "
                    + "with model.safetensors, optimizer.safetensors and state.json)");
        }
        if (Files.exists(path.resolve(CheckpointLayout.STATE_FILE)) || CheckpointLayout.stepOf(path).isPresent()) {
            return path;
        }
        Path checkpoints = path.resolve(CheckpointLayout.CHECKPOINTS_DIR);
        if (Files.isDirectory(checkpoints)) {
            return newestIn(checkpoints);
        }
        if (!CheckpointLayout.stepDirs(path).isEmpty()) {
            return newestIn(path);
        }
        throw EffitrainException.badInput(path + ": neither a checkpoint (no state.json) nor a run directory "
                + "(no checkpoints/)");
    }

    /**
     * What {@code --resume} means for a run: {@code never} (or null/blank) → empty; {@code auto} → the
     * newest complete checkpoint of {@code runDir} (damaged newer ones are skipped with a warning),
     * or empty when it has no {@code step-*} directory at all (unfinished {@code .tmp-*} ones do not
     * count); anything else is a path resolved as in {@link #resolve}, which must hold a complete
     * checkpoint.
     *
     * @throws EffitrainException exit 3 when {@code auto} finds step directories but none complete
     *     (corruption: starting over silently would hide it), or when a given path holds none
     */
    public static Optional<Path> resolveResume(String resume, Path runDir) {
        if (resume == null || resume.isBlank() || resume.equals("never")) {
            return Optional.empty();
        }
        if (resume.equals("auto")) {
            Path checkpoints = runDir.resolve(CheckpointLayout.CHECKPOINTS_DIR);
            return CheckpointLayout.stepDirs(checkpoints).isEmpty()
                    ? Optional.empty()
                    : Optional.of(newestIn(checkpoints));
        }
        Path dir = resolve(Path.of(resume));
        CheckpointLayout.problem(dir).ifPresent(problem -> {
            throw EffitrainException.badInput(problem);
        });
        return Optional.of(dir);
    }

    private static Path newestIn(Path checkpointsDir) {
        warnAboutSkipped(checkpointsDir);
        return CheckpointLayout.latestComplete(checkpointsDir).orElseThrow(() ->
                EffitrainException.badInput(checkpointsDir + ": no complete checkpoint"
                        + describeIncomplete(checkpointsDir)));
    }

    /** Damaged step directories newer than the one picked are skipped; say so rather than stay silent. */
    private static void warnAboutSkipped(Path checkpointsDir) {
        List<Path> dirs = CheckpointLayout.stepDirs(checkpointsDir);
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Optional<String> problem = CheckpointLayout.problem(dirs.get(i));
            if (problem.isEmpty()) {
                return;
            }
            LOG.warn("skipping incomplete checkpoint {}: {}", dirs.get(i), problem.get());
        }
    }

    private static String describeIncomplete(Path checkpointsDir) {
        List<Path> dirs = CheckpointLayout.stepDirs(checkpointsDir);
        if (dirs.isEmpty()) {
            return "";
        }
        Path newest = dirs.get(dirs.size() - 1);
        return " (newest, " + newest.getFileName() + ", is damaged: "
                + CheckpointLayout.problem(newest).orElse("?") + ")";
    }

    private static void verify(Path dir, CheckpointState state) {
        for (CheckpointState.FileRecord f : state.files().values()) {
            Path file = dir.resolve(f.name());
            if (!Files.isRegularFile(file)) {
                throw EffitrainException.badInput(file + ": missing (state.json lists it; checkpoint incomplete)");
            }
            try {
                long size = Files.size(file);
                if (size != f.bytes()) {
                    throw EffitrainException.badInput(file + ": " + size + " bytes, but state.json records "
                            + f.bytes() + " (file truncated or replaced)");
                }
                if (!Sha256.ofFile(file).equals(f.sha256())) {
                    throw EffitrainException.badInput(file + ": checksum mismatch (file corrupt)");
                }
            } catch (IOException e) {
                throw EffitrainException.badInput(file + ": cannot read (" + IoMessages.reason(e) + ")", e);
            }
        }
    }
}
