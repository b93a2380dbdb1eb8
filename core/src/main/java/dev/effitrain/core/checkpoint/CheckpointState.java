package dev.effitrain.core.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A checkpoint's {@code state.json}: the caller's training state plus the fields this package owns,
 * {@code "format_version"}, {@code "step"} and {@code "files"} ({@code name -> {bytes, sha256}} for
 * each tensor file). The files record is written last, so its presence marks a finished checkpoint.
 */
record CheckpointState(Path file, JsonObject json, long step, Map<String, FileRecord> files) {

    static final int FORMAT_VERSION = 1;
    static final String FILES = "files";
    static final String STEP = "step";
    static final String VERSION = "format_version";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Size and SHA-256 of one tensor file, as recorded when it was written. */
    record FileRecord(String name, long bytes, String sha256) {
    }

    /** Refuses caller state that uses our reserved keys or contradicts the step (programming errors). */
    static void checkCallerState(long step, JsonObject callerState) {
        for (String reserved : List.of(FILES, VERSION)) {
            if (callerState.has(reserved)) {
                throw new IllegalArgumentException("state key '" + reserved + "' is reserved for the checkpoint store");
            }
        }
        try {
            toJson(callerState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state cannot be stored as JSON: " + e.getMessage(), e);
        }
        JsonElement claimed = callerState.get(STEP);
        if (claimed != null && !claimed.equals(new JsonPrimitive(step))) {
            throw new IllegalArgumentException("state says step " + claimed + " but the checkpoint is for step " + step);
        }
    }

    /** The JSON to store: our fields around a copy of the caller's state. */
    static JsonObject compose(long step, JsonObject callerState, List<WrittenFile> files) {
        checkCallerState(step, callerState);
        JsonObject out = new JsonObject();
        out.addProperty(VERSION, FORMAT_VERSION);
        out.addProperty(STEP, step);
        for (Map.Entry<String, JsonElement> e : callerState.entrySet()) {
            if (!e.getKey().equals(STEP)) {
                out.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        JsonObject record = new JsonObject();
        for (WrittenFile f : files) {
            JsonObject entry = new JsonObject();
            entry.addProperty("bytes", f.bytes());
            entry.addProperty("sha256", f.sha256());
            record.add(f.file().getFileName().toString(), entry);
        }
        out.add(FILES, record);
        return out;
    }

    /** Pretty strict JSON; NaN and infinities are refused (IllegalArgumentException). */
    static String toJson(JsonObject state) {
        return StrictJson.pretty(state) + "\n";
    }

    /** Parses and checks {@code <dir>/state.json}; every problem is exit 3 naming the file. */
    static CheckpointState read(Path dir) {
        Path file = dir.resolve(CheckpointLayout.STATE_FILE);
        JsonObject json = parse(file);
        long step = readStep(file, json);
        OptionalLong named = CheckpointLayout.stepOf(dir);
        if (named.isPresent() && named.getAsLong() != step) {
            throw bad(file, "records step " + step + " but the directory is " + dir.getFileName());
        }
        return new CheckpointState(file, json, step, readFiles(file, json));
    }

    private static JsonObject parse(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw bad(file, "missing (checkpoint incomplete)");
        } catch (CharacterCodingException e) {
            throw bad(file, "not valid UTF-8 (file corrupt)");
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot read (" + IoMessages.reason(e) + ")", e);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw bad(file, "not valid JSON (unexpected data after the object)");
            }
            if (!root.isJsonObject()) {
                throw bad(file, "not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw bad(file, "not valid JSON (" + GsonMessages.clean(e) + ")");
        }
    }

    private static long readStep(Path file, JsonObject json) {
        Long step = nonNegativeLong(json.get(STEP));
        if (step == null) {
            throw bad(file, "has no valid \"step\" (a non-negative integer)");
        }
        return step;
    }

    private static Map<String, FileRecord> readFiles(Path file, JsonObject json) {
        JsonElement files = json.get(FILES);
        if (files == null || !files.isJsonObject()) {
            throw bad(file, "has no \"files\" record (checkpoint incomplete or not written by effitrain)");
        }
        Map<String, FileRecord> records = new LinkedHashMap<>();
        for (String name : CheckpointLayout.TENSOR_FILES) {
            JsonElement entry = files.getAsJsonObject().get(name);
            if (entry == null || !entry.isJsonObject()) {
                throw bad(file, "\"files\" has no entry for " + name);
            }
            Long bytes = nonNegativeLong(entry.getAsJsonObject().get("bytes"));
            JsonElement sha = entry.getAsJsonObject().get("sha256");
            if (bytes == null || sha == null || !sha.isJsonPrimitive()
                    || !SHA256.matcher(sha.getAsString()).matches()) {
                throw bad(file, "\"files\"." + name + " needs \"bytes\" (integer) and \"sha256\" (64 hex digits)");
            }
            records.put(name, new FileRecord(name, bytes, sha.getAsString()));
        }
        return records;
    }

    private static Long nonNegativeLong(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            long v = e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            return v < 0 ? null : v;
        } catch (ArithmeticException ex) {
            return null;
        }
    }

    private static EffitrainException bad(Path file, String what) {
        return EffitrainException.badInput(file + ": " + what);
    }
}
