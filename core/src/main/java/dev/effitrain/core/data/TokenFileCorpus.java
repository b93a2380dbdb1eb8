package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Pre-tokenised files of little-endian uint16 token ids, memory-mapped: nothing is loaded up front
 * beyond one validating pass, and the OS page cache shares the data between runs.
 *
 * <p>Two layouts are read: raw ids (nanoGPT's {@code train.bin}; the byte length must be even) and
 * llm.c's, a 1024-byte header of int32s (magic 20240520, version 1, token count) followed by the
 * ids, whose count must match the file length. A directory means every {@code *.bin} file under it,
 * in {@link DataPaths#listFiles} order, concatenated.
 */
public final class TokenFileCorpus implements TokenCorpus {
    static final int LLMC_MAGIC = 20240520;
    static final int LLMC_HEADER_BYTES = 1024;
    /** Mapped regions are at most 1 GiB (a MappedByteBuffer is int-indexed); an even size keeps ids whole. */
    private static final long MAX_SEGMENT_BYTES = 1L << 30;

    private record Segment(long firstToken, int tokens, ShortBuffer ids) {
    }

    private final Segment[] segments;
    private final long[] segmentStarts;
    private final long size;
    private final int maxToken;
    private final List<Path> files;
    private final String description;

    private TokenFileCorpus(List<Segment> segments, List<Path> files, String description) {
        this.segments = segments.toArray(new Segment[0]);
        this.segmentStarts = segments.stream().mapToLong(Segment::firstToken).toArray();
        this.size = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).firstToken + segments.get(segments.size() - 1).tokens;
        this.files = List.copyOf(files);
        this.description = description;
        this.maxToken = scanMaxToken();
    }

    /**
     * Maps a {@code .bin} file, or all {@code *.bin} files under a directory; {@code path} must exist.
     *
     * @throws EffitrainException exit 3 naming the file for an odd length, a bad or truncated header,
     *                            or a directory without {@code .bin} files
     */
    public static TokenFileCorpus open(Path path) {
        return open(path, MAX_SEGMENT_BYTES);
    }

    /** As {@link #open(Path)}, mapping regions of at most {@code segmentBytes} (even); tests use small ones. */
    static TokenFileCorpus open(Path path, long segmentBytes) {
        if (segmentBytes < 2 || segmentBytes % 2 != 0 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment size must be even, in [2, 2^30]: " + segmentBytes);
        }
        List<Path> files = DataPaths.listFiles(path);
        if (Files.isDirectory(path)) {
            files = files.stream().filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin")).toList();
            if (files.isEmpty()) {
                throw EffitrainException.badInput("data.path: " + path + " contains no .bin token files");
            }
        }
        List<Segment> segments = new ArrayList<>();
        long next = 0;
        for (Path file : files) {
            next = map(file, next, segmentBytes, segments);
        }
        String what = files.size() == 1 ? files.get(0).toString() : path + " (" + files.size() + " .bin files)";
        return new TokenFileCorpus(segments, files, what);
    }

    /** Maps one file's ids as segments starting at global token {@code first}; returns the next token index. */
    private static long map(Path file, long first, long segmentBytes, List<Segment> out) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long bytes = ch.size();
            long dataStart = hasLlmcHeader(ch, bytes) ? LLMC_HEADER_BYTES : 0;
            if (dataStart > 0) {
                checkLlmcHeader(file, ch, bytes);
            } else if (bytes % 2 != 0) {
                throw EffitrainException.badInput("data.path: " + file + " has an odd length (" + bytes
                        + " bytes), so it is not a file of uint16 tokens (truncated?)");
            }
            for (long pos = dataStart; pos < bytes; pos += segmentBytes) {
                long len = Math.min(segmentBytes, bytes - pos);
                ShortBuffer ids = ch.map(FileChannel.MapMode.READ_ONLY, pos, len).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                out.add(new Segment(first, ids.capacity(), ids));
                first += ids.capacity();
            }
            return first;
        } catch (IOException e) {
            throw EffitrainException.badInput("data.path: cannot read " + file + ": " + e, e);
        }
    }

    private static boolean hasLlmcHeader(FileChannel ch, long bytes) throws IOException {
        return bytes >= 4 && header(ch, 4).getInt(0) == LLMC_MAGIC;
    }

    private static void checkLlmcHeader(Path file, FileChannel ch, long bytes) throws IOException {
        if (bytes < LLMC_HEADER_BYTES) {
            throw EffitrainException.badInput("data.path: " + file + " starts with the llm.c token-file magic but is only "
                    + bytes + " bytes, shorter than its 1024-byte header (truncated?)");
        }
        ByteBuffer h = header(ch, 12);
        int version = h.getInt(4);
        long count = Integer.toUnsignedLong(h.getInt(8));
        if (version != 1) {
            throw EffitrainException.badInput("data.path: " + file + " is an llm.c token file of version " + version
                    + "; only version 1 (uint16 ids) is supported");
        }
        long expected = LLMC_HEADER_BYTES + 2 * count;
        if (bytes != expected) {
            throw EffitrainException.badInput("data.path: " + file + " header says " + count + " tokens ("
                    + expected + " bytes) but the file has " + bytes + " bytes (truncated?)");
        }
    }

    private static ByteBuffer header(FileChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                break;
            }
        }
        return b;
    }

    private int scanMaxToken() {
        int max = -1;
        short[] buf = new short[1 << 16];
        for (Segment s : segments) {
            for (int i = 0; i < s.tokens; i += buf.length) {
                int n = Math.min(buf.length, s.tokens - i);
                s.ids.get(i, buf, 0, n);
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, buf[j] & 0xFFFF);
                }
            }
        }
        return max;
    }

    /** The largest id in the files (-1 when empty): it must be below the tokenizer's vocabulary. */
    public int maxToken() {
        return maxToken;
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long start, int[] dst, int offset, int length) {
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("tokens [" + start + ", " + (start + length) + ") of " + size);
        }
        int seg = Arrays.binarySearch(segmentStarts, start);
        if (seg < 0) {
            seg = -seg - 2;
        }
        short[] buf = new short[Math.min(length, 1 << 14)];
        long pos = start;
        int done = 0;
        while (done < length) {
            Segment s = segments[seg];
            int in = (int) (pos - s.firstToken);
            int n = Math.min(Math.min(length - done, s.tokens - in), buf.length);
            if (n == 0) {
                seg++;
                continue;
            }
            s.ids.get(in, buf, 0, n);
            for (int j = 0; j < n; j++) {
                dst[offset + done + j] = buf[j] & 0xFFFF;
            }
            done += n;
            pos += n;
        }
    }

    @Override
    public String description() {
        return description;
    }
}
