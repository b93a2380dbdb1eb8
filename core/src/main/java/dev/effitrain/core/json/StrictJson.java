package dev.effitrain.core.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import dev.effitrain.core.config.KeyPaths;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way effitrain writes JSON (summary.json, metrics.jsonl, state.json, every {@code --json}):
 * text that a strict parser reads, keys in snake_case. Strict JSON has no NaN or Infinity, so
 * {@link #report} turns non-finite numbers into null and lists their key paths under
 * {@value #NONFINITE}; {@link #pretty} and {@link #line} refuse them (a programming error).
 */
public final class StrictJson {

    /** The key that lists the paths of values that were NaN or infinite (e.g. {@code "eval.val_loss"}). */
    public static final String NONFINITE = "nonfinite";

    /**
     * Record components and fields become snake_case keys spelled as in recipes ({@code dModel -> d_model});
     * map keys stay as they are.
     */
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingStrategy(field -> KeyPaths.snakeCase(field.getName()))
            .serializeSpecialFloatingPointValues()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();

    private StrictJson() {
    }

    /** {@code value} (maps, lists, records, numbers, strings) as a JSON tree; non-finite numbers are kept. */
    public static JsonElement tree(Object value) {
        return value instanceof JsonElement e ? e.deepCopy() : GSON.toJsonTree(value);
    }

    /** A record from a tree written by {@link #tree}; camelCase keys (files of older versions) are read too. */
    public static <T> T fromTree(JsonElement json, Class<T> type) {
        return GSON.fromJson(snakeCaseKeys(json), type);
    }

    /**
     * {@code value} as JSON whose non-finite numbers are null; when there were any and the value is
     * an object, {@value #NONFINITE} lists their key paths ({@code ["final_train_loss", "eval.val_loss"]}).
     */
    public static JsonElement report(Object value) {
        JsonElement tree = tree(value);
        List<String> nonfinite = new ArrayList<>();
        JsonElement clean = nullNonFinite(tree, "", nonfinite);
        if (!nonfinite.isEmpty() && clean.isJsonObject()) {
            JsonArray paths = new JsonArray();
            nonfinite.forEach(paths::add);
            clean.getAsJsonObject().add(NONFINITE, paths);
        }
        return clean;
    }

    /** Indented JSON, no trailing newline. */
    public static String pretty(JsonElement json) {
        return write(json, "  ");
    }

    /** JSON on one line (for JSON Lines files such as metrics.jsonl). */
    public static String line(JsonElement json) {
        return write(json, "");
    }

    private static String write(JsonElement json, String indent) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setIndent(indent);
            writer.setStrictness(Strictness.STRICT);   // NaN and infinities throw IllegalArgumentException
            writer.setSerializeNulls(true);
            writer.setHtmlSafe(false);
            GSON.getAdapter(JsonElement.class).write(writer, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static JsonElement nullNonFinite(JsonElement e, String path, List<String> found) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && !Double.isFinite(e.getAsDouble())) {
            found.add(path);
            return JsonNull.INSTANCE;
        }
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                out.add(entry.getKey(), nullNonFinite(entry.getValue(), child, found));
            }
            return out;
        }
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            JsonArray in = e.getAsJsonArray();
            for (int i = 0; i < in.size(); i++) {
                out.add(nullNonFinite(in.get(i), path + "[" + i + "]", found));
            }
            return out;
        }
        return e;
    }

    private static JsonElement snakeCaseKeys(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return e;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
            out.add(KeyPaths.snakeCase(entry.getKey()), snakeCaseKeys(entry.getValue()));
        }
        return out;
    }
}
