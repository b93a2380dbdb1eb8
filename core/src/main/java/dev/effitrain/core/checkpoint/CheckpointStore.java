package dev.effitrain.core.checkpoint;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes a run's checkpoints so that a crash at any moment never leaves one that looks complete but
 * is not: each is written into {@code .tmp-step-NNNNNN-<random>/}, every file and the directory are
 * fsynced, {@code state.json} (with each tensor file's size and SHA-256) is written last, then the
 * directory is renamed atomically to {@code step-NNNNNN} and the parent fsynced.
 *
 * <p>The store assumes it is the only writer of its directory (the run's lock guarantees that):
 * {@link #open} deletes temporary directories left by a crashed writer. Not thread-safe: one
 * thread saves at a time.
 *
 * <p>SHA-256 rather than CRC32C: with SHA-NI it costs little next to writing the tensors
 * (bench/RESULTS.md, "Numbers from the code"), and the same
 * digest identifies a checkpoint's content for provenance (a grown model records its parent's
 * hash), where a 32-bit CRC would not be unique; {@code sha256sum} also checks it by hand.
 */
public final class CheckpointStore {

    private static final Logger LOG = LogManager.getLogger(CheckpointStore.class);
    private static final String TMP_PREFIX = ".tmp-";
    private static final String OLD_PREFIX = ".old-";
    private static final String TRASH_PREFIX = ".trash-";
    private static final Map<String, String> TENSOR_METADATA = Map.of("format", "pt");

    private final Path dir;
    private Path lastSaved;

    private CheckpointStore(Path dir) {
        this.dir = dir;
    }

    /** The store for {@code <runDir>/checkpoints}. */
    public static CheckpointStore forRun(Path runDir) {
        return open(runDir.resolve(CheckpointLayout.CHECKPOINTS_DIR));
    }

    /**
     * Creates {@code checkpointsDir} if needed, checks it is writable (exit 3 naming it otherwise, so
     * a run fails before training) and cleans up after a crashed writer.
     */
    public static CheckpointStore open(Path checkpointsDir) {
        try {
            Files.createDirectories(checkpointsDir);
            probeWritable(checkpointsDir);
        } catch (IOException e) {
            throw EffitrainException.badInput(IoMessages.where(checkpointsDir, e)
                    + ": cannot write checkpoints there (" + IoMessages.reason(e) + ")", e);
        }
        CheckpointStore store = new CheckpointStore(checkpointsDir);
        store.recoverAfterCrash();
        return store;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Saves a checkpoint for {@code step}, replacing an existing one for the same step only once the
     * new one is complete. {@code state} is copied; the store adds {@code format_version},
     * {@code step} and {@code files} (reserved keys). Returns the {@code step-NNNNNN} directory.
     *
     * @throws EffitrainException exit 3 naming the path when the disk is full or not writable; no
     *     directory that looks like a checkpoint is left behind
     */
    public Path save(long step, Map<String, NDArray> model, Map<String, NDArray> optimizer, JsonObject state) {
        String name = CheckpointLayout.dirName(step);
        CheckpointState.checkCallerState(step, state);
        Path target = dir.resolve(name);
        Path tmp = null;
        boolean published = false;
        try {
            tmp = createUnique(TMP_PREFIX + name);
            WrittenFile m = SafeTensors.write(tmp.resolve(CheckpointLayout.MODEL_FILE), model, TENSOR_METADATA);
            WrittenFile o = SafeTensors.write(tmp.resolve(CheckpointLayout.OPTIMIZER_FILE), optimizer,
                    TENSOR_METADATA);
            JsonObject full = CheckpointState.compose(step, state, List.of(m, o));
            writeDurably(tmp.resolve(CheckpointLayout.STATE_FILE), CheckpointState.toJson(full));
            Fsync.directory(tmp);
            publish(tmp, target);
            published = true;
            lastSaved = target;
            return target;
        } catch (IOException e) {
            throw EffitrainException.badInput(IoMessages.where(tmp == null ? dir : tmp, e)
                    + ": cannot save checkpoint " + name + " (" + IoMessages.reason(e) + ")", e);
        } finally {
            if (!published && tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        return CheckpointLayout.listComplete(dir);
    }

    /** The newest complete checkpoint; temporary and damaged directories are ignored. */
    public Optional<Path> latest() {
        return CheckpointLayout.latestComplete(dir);
    }

    /**
     * Deletes the oldest complete checkpoints so that {@code n} remain; never the newest, nor the one
     * this store saved last (which can be older than a stale one from an abandoned timeline).
     * Damaged {@code step-*} directories are left for a person to look at. Returns what was deleted.
     */
    public List<Path> keepLast(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keep_last must be at least 1, got " + n);
        }
        List<Path> complete = list();
        List<Path> doomed = new ArrayList<>(complete.subList(0, Math.max(0, complete.size() - n)));
        doomed.remove(lastSaved);
        for (Path victim : doomed) {
            try {
                // renamed first: a crash mid-delete leaves a .trash dir, never a half-deleted step-*
                Path trash = dir.resolve(TRASH_PREFIX + victim.getFileName() + "-" + randomSuffix());
                Files.move(victim, trash, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(trash);
            } catch (IOException e) {
                throw EffitrainException.badInput(IoMessages.where(victim, e)
                        + ": cannot delete old checkpoint (" + IoMessages.reason(e) + ")", e);
            }
        }
        return doomed;
    }

    /** Moves {@code tmp} to {@code target}; an existing target is swapped out, then deleted. */
    private void publish(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = dir.resolve(OLD_PREFIX + target.getFileName() + "-" + randomSuffix());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        Fsync.directory(dir);
        if (old != null) {
            deleteQuietly(old);
        }
    }

    /**
     * A crashed writer leaves {@code .tmp-*} (unfinished: deleted), {@code .trash-*} (being deleted)
     * and {@code .old-step-N-*} (a replaced checkpoint: restored when step-N is absent, the crash
     * having hit between the two renames of {@link #publish}).
     */
    private void recoverAfterCrash() {
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(dir)) {
            leftovers = entries.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(TMP_PREFIX) || n.startsWith(TRASH_PREFIX) || n.startsWith(OLD_PREFIX);
            }).sorted().toList();
        } catch (IOException e) {
            throw EffitrainException.badInput(IoMessages.where(dir, e) + ": cannot list checkpoints ("
                    + IoMessages.reason(e) + ")", e);
        }
        for (Path p : leftovers) {
            String n = p.getFileName().toString();
            if (n.startsWith(OLD_PREFIX)) {
                String stepName = n.substring(OLD_PREFIX.length(), n.lastIndexOf('-'));
                Path target = dir.resolve(stepName);
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                        LOG.warn("restored {} from {} (interrupted replacement)", target, p.getFileName());
                        continue;
                    } catch (IOException e) {
                        LOG.warn("cannot restore {}: {}", target, IoMessages.reason(e));
                    }
                }
            }
            deleteQuietly(p);
        }
    }

    private Path createUnique(String prefix) throws IOException {
        while (true) {
            Path candidate = dir.resolve(prefix + "-" + randomSuffix());
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // astronomically unlikely; try another suffix
            }
        }
    }

    private static String randomSuffix() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    private static void writeDurably(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void probeWritable(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, TMP_PREFIX + "probe-", "");
        Files.delete(probe);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteRecursively(root);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, IoMessages.reason(e));
        }
    }
}
