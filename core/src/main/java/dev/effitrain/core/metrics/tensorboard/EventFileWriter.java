package dev.effitrain.core.metrics.tensorboard;

import com.google.protobuf.Message;
import dev.effitrain.core.EffitrainException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>.<pid>.0}): TFRecords of
 * {@code Event} protobufs, starting with the file-version event. Flushed after each write, so a
 * running {@code tensorboard} (and a crash) sees every complete step.
 */
public final class EventFileWriter implements AutoCloseable {
    /** What every event file's name starts with; TensorBoard and W&B look for it. */
    public static final String PREFIX = "events.out.tfevents.";

    private final Path file;
    private final OutputStream out;

    private EventFileWriter(Path file) {
        this.file = file;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(file));
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    /** Creates a new event file in {@code dir}, named after the current time, host and process. */
    public static EventFileWriter create(Path dir) {
        long now = System.currentTimeMillis();
        String name = PREFIX + (now / 1000) + "." + Host.name() + "." + ProcessHandle.current().pid() + ".0";
        EventFileWriter w = new EventFileWriter(dir.resolve(name));
        w.write(EventProtos.fileVersion(now / 1000.0));
        return w;
    }

    public Path file() {
        return file;
    }

    /** One event holding {@code scalars} (tag to value) at {@code step}; wall time in seconds since the epoch. */
    public void scalars(long step, double wallTime, Map<String, Double> scalars) {
        if (!scalars.isEmpty()) {
            write(EventProtos.scalars(wallTime, step, scalars));
        }
    }

    private void write(Message event) {
        try {
            TfRecord.write(out, event.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    private EffitrainException unwritable(IOException e) {
        return EffitrainException.badInput(file + ": cannot write TensorBoard events (" + e.getMessage() + ")");
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // best effort at shutdown; every event was already flushed
        }
    }
}
