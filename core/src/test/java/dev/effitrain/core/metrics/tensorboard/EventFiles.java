package dev.effitrain.core.metrics.tensorboard;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads event files back for tests: TFRecord framing with both CRCs checked, then the Event protobufs. */
public final class EventFiles {

    public record Point(long step, float value, double wallTime) {
    }

    private EventFiles() {
    }

    /** The run directory's event files, sorted by name (as TensorBoard reads them). */
    public static List<Path> in(Path runDir) {
        try (Stream<Path> s = Files.list(runDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(EventFileWriter.PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record's payload; fails on a bad length CRC, a bad data CRC or a torn record. */
    public static List<byte[]> records(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 12) {
                throw new IOException(file + ": torn record header at byte " + b.position());
            }
            byte[] header = new byte[8];
            b.get(header);
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (b.getInt() != TfRecord.maskedCrc32c(header, 0, 8)) {
                throw new IOException(file + ": bad length CRC at byte " + (b.position() - 12));
            }
            if (length > b.remaining() - 4) {
                throw new IOException(file + ": torn record of " + length + " bytes at byte " + b.position());
            }
            byte[] data = new byte[(int) length];
            b.get(data);
            if (b.getInt() != TfRecord.maskedCrc32c(data, 0, data.length)) {
                throw new IOException(file + ": bad data CRC at byte " + (b.position() - 4 - length));
            }
            out.add(data);
        }
        return out;
    }

    public static List<DynamicMessage> events(Path file) throws IOException {
        List<DynamicMessage> out = new ArrayList<>();
        for (byte[] r : records(file)) {
            out.add(parse(r));
        }
        return out;
    }

    /** Tag to its points, in file order, over every event file of the run. */
    public static Map<String, List<Point>> scalars(Path runDir) throws IOException {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        for (Path f : in(runDir)) {
            for (DynamicMessage e : events(f)) {
                if (!e.hasField(EventProtos.EVENT.findFieldByName("summary"))) {
                    continue;
                }
                long step = (Long) e.getField(EventProtos.EVENT.findFieldByName("step"));
                double wall = (Double) e.getField(EventProtos.EVENT.findFieldByName("wall_time"));
                DynamicMessage summary = (DynamicMessage) e.getField(EventProtos.EVENT.findFieldByName("summary"));
                for (Object o : (List<?>) summary.getField(EventProtos.SUMMARY.findFieldByName("value"))) {
                    DynamicMessage v = (DynamicMessage) o;
                    String tag = (String) v.getField(EventProtos.SUMMARY_VALUE.findFieldByName("tag"));
                    float value = (Float) v.getField(EventProtos.SUMMARY_VALUE.findFieldByName("simple_value"));
                    out.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Point(step, value, wall));
                }
            }
        }
        return out;
    }

    private static DynamicMessage parse(byte[] record) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(EventProtos.EVENT, record);
    }
}
