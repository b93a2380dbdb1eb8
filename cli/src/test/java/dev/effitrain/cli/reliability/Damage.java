package dev.effitrain.cli.reliability;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Ways to damage files for real: truncate, flip bytes, overwrite, and re-seal a checkpoint's checksums. */
final class Damage {
    private Damage() {
    }

    static void truncate(Path file, long length) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncateToHalf(Path file) {
        truncate(file, size(file) / 2);
    }

    /** Inverts the byte at {@code offset} (negative: from the end); the size stays the same. */
    static void flipByte(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = offset < 0 ? f.length() + offset : offset;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(~b & 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void overwrite(Path file, long offset, byte[] bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a tensor file's current size and SHA-256 in its checkpoint's state.json, as if it had
     * been written that way: damage the checksum cannot see, so the file's own reader must.
     */
    static void reseal(Path checkpoint, String fileName) {
        try {
            Path stateFile = checkpoint.resolve("state.json");
            JsonObject state = JsonParser.parseString(Files.readString(stateFile)).getAsJsonObject();
            JsonObject entry = state.getAsJsonObject("files").getAsJsonObject(fileName);
            byte[] bytes = Files.readAllBytes(checkpoint.resolve(fileName));
            entry.addProperty("bytes", bytes.length);
            entry.addProperty("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            Files.writeString(stateFile, state.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites state.json with {@code key} set to a JSON value (or removed when {@code json} is null). */
    static void editState(Path checkpoint, String key, String json) {
        try {
            Path stateFile = checkpoint.resolve("state.json");
            JsonObject state = JsonParser.parseString(Files.readString(stateFile)).getAsJsonObject();
            if (json == null) {
                state.remove(key);
            } else {
                state.add(key, JsonParser.parseString(json));
            }
            Files.writeString(stateFile, state.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
