package dev.effitrain.core.checkpoint;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names and completeness of checkpoints on disk: {@code <runDir>/checkpoints/step-000500/} holding
 * {@code model.safetensors}, {@code optimizer.safetensors} and {@code state.json}. Read-only: safe to
 * use while another process trains into the same directory.
 */
public final class CheckpointLayout {

    public static final String CHECKPOINTS_DIR = "checkpoints";
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "state.json";
    static final List<String> TENSOR_FILES = List.of(MODEL_FILE, OPTIMIZER_FILE);

    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{6,18})");

    private CheckpointLayout() {
    }

    /** {@code step-000500}; more digits past 999999. */
    public static String dirName(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        return String.format("step-%06d", step);
    }

    /** The step a checkpoint directory is named for, or empty when the name is not {@code step-NNNNNN}. */
    public static OptionalLong stepOf(Path dir) {
        Path name = dir.getFileName();
        Matcher m = name == null ? null : STEP_DIR.matcher(name.toString());
        return m != null && m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * Why {@code dir} is not a complete checkpoint, or empty when it is: a parseable
     * {@code state.json} with the files record (and the step its name says, if named
     * {@code step-*}), and every recorded file present at its recorded size. Checksums are not read
     * here (see {@link CheckpointReader#verify}).
     */
    public static Optional<String> problem(Path dir) {
        try {
            CheckpointState state = CheckpointState.read(dir);
            for (CheckpointState.FileRecord f : state.files().values()) {
                Path file = dir.resolve(f.name());
                if (!Files.isRegularFile(file)) {
                    return Optional.of(file + ": missing");
                }
                long size = Files.size(file);
                if (size != f.bytes()) {
                    return Optional.of(file + ": " + size + " bytes, state.json records " + f.bytes());
                }
            }
            return Optional.empty();
        } catch (EffitrainException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of(IoMessages.where(dir, e) + ": " + IoMessages.reason(e));
        }
    }

    /**
     * The recipe of the run that holds a checkpoint: {@code RUN/checkpoints/step-N/} gives
     * {@code RUN/recipe.yaml}, when that file is there.
     */
    public static Optional<Path> runRecipe(Path checkpointDir) {
        Path checkpoints = checkpointDir.toAbsolutePath().normalize().getParent();
        Path runDir = checkpoints == null ? null : checkpoints.getParent();
        Path recipe = runDir == null ? null : runDir.resolve("recipe.yaml");
        return recipe != null && Files.isRegularFile(recipe) ? Optional.of(recipe) : Optional.empty();
    }

    /** Every {@code step-*} directory, complete or not, in step order. */
    static List<Path> stepDirs(Path checkpointsDir) {
        if (!Files.isDirectory(checkpointsDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(checkpointsDir)) {
            List<Path> dirs = new ArrayList<>(entries
                    .filter(p -> stepOf(p).isPresent() && Files.isDirectory(p))
                    .toList());
            dirs.sort(Comparator.comparingLong(p -> stepOf(p).getAsLong()));
            return dirs;
        } catch (IOException e) {
            throw EffitrainException.badInput(IoMessages.where(checkpointsDir, e)
                    + ": cannot list checkpoints (" + IoMessages.reason(e) + ")", e);
        }
    }

    /** Complete checkpoints, oldest step first; temporary and damaged directories are left out. */
    public static List<Path> listComplete(Path checkpointsDir) {
        return stepDirs(checkpointsDir).stream().filter(d -> problem(d).isEmpty()).toList();
    }

    /** The complete checkpoint with the highest step. */
    public static Optional<Path> latestComplete(Path checkpointsDir) {
        List<Path> dirs = stepDirs(checkpointsDir);
        for (int i = dirs.size() - 1; i >= 0; i--) {
            if (problem(dirs.get(i)).isEmpty()) {
                return Optional.of(dirs.get(i));
            }
        }
        return Optional.empty();
    }
}
