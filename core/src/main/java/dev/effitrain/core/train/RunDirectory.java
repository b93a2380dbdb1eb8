package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A run's output directory, held with an exclusive lock ({@code .lock}) for as long as the run
 * trains, so two runs never write into the same directory.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and takes its lock; exit 3 if not writable, exit 2 if locked. */
    public static RunDirectory open(Path dir) {
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
        } catch (IOException e) {
            throw EffitrainException.badInput("output " + dir + ": cannot create the run directory (" + reason(e, dir) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw EffitrainException.badInput("output " + dir + ": directory is not writable");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw EffitrainException.usage("output " + dir + ": another effitrain run is writing to this directory");
            }
            return new RunDirectory(dir, ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw EffitrainException.usage("output " + dir + ": another run in this process is writing to this directory");
        } catch (IOException e) {
            closeQuietly(ch);
            throw EffitrainException.badInput("output " + dir + ": cannot lock the run directory (" + reason(e, dir) + ")");
        }
    }

    public Path path() {
        return dir;
    }

    /** The run's recipe.yaml as it is now, or null when there is none. */
    public String readRecipe() {
        try {
            Path f = dir.resolve("recipe.yaml");
            return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the resolved recipe of a new run as recipe.yaml (atomically). */
    public void writeRecipe(String yaml) {
        writeAtomically("recipe.yaml", yaml);
    }

    /** Keeps the recipe of a resume from {@code step} beside the original: recipe.resume-step-000400.yaml. */
    public void writeResumeRecipe(long step, String yaml) {
        writeAtomically(ResumeRules.recipeFileName(step), yaml);
    }

    private void writeAtomically(String name, String text) {
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(dir.resolve(name) + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** True if {@code dir} holds (part of) a run: a recipe, metrics, a summary or checkpoints. */
    public static boolean holdsARun(Path dir) {
        return Stream.of("recipe.yaml", "metrics.jsonl", "summary.json").anyMatch(f -> Files.exists(dir.resolve(f)))
                || hasCheckpoints(dir);
    }

    /** True if the run directory holds at least one checkpoint directory. */
    public static boolean hasCheckpoints(Path runDir) {
        Path c = runDir.resolve("checkpoints");
        if (!Files.isDirectory(c)) {
            return false;
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock dies with the channel anyway
        }
        closeQuietly(lockChannel);
    }

    /**
     * The reason alone ("Read-only file system"), without the exception's class; the failing path
     * too when it is not the run directory itself (e.g. a file where a parent directory should be).
     */
    private static String reason(IOException e, Path dir) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        String where = file != null && !Path.of(file).startsWith(dir) ? file + ": " : "";
        if (e instanceof FileAlreadyExistsException) {
            return where + "a file is in the way, not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return where + "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return where + f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }
}
