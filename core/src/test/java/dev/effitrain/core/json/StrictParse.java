package dev.effitrain.core.json;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test helper: parses JSON the way a strict parser (Python's json with NaN refused, jq) would: no
 * NaN or Infinity, no trailing data, no comments; and checks that keys are snake_case.
 */
public final class StrictParse {
    private static final Pattern CAMEL = Pattern.compile("[a-z][A-Z]");

    private StrictParse() {
    }

    public static JsonElement parse(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = new Gson().getAdapter(JsonElement.class).read(reader); // JsonParser would be lenient
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new AssertionError("data after the JSON value: " + text);
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new AssertionError("not strict JSON (" + e.getMessage() + "):\n" + text, e);
        }
    }

    public static JsonObject object(String text) {
        return parse(text).getAsJsonObject();
    }

    /** Fails when a key anywhere in {@code e} is camelCase ({@code dModel}). */
    public static void assertSnakeCaseKeys(JsonElement e, String where) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                if (CAMEL.matcher(entry.getKey()).find()) {
                    throw new AssertionError(where + ": key '" + entry.getKey() + "' is not snake_case");
                }
                assertSnakeCaseKeys(entry.getValue(), where);
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(item -> assertSnakeCaseKeys(item, where));
        }
    }
}
