package dev.effitrain.core.data.image;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * Where the training stream stands: the epoch, and how many samples of that epoch's shuffled order
 * have been handed out. Restarting a loader from a saved position yields exactly the batches the
 * original run would have seen next. Serialises to {@code {"epoch":E,"index":I}}.
 */
public record LoaderPosition(long epoch, long index) {
    private static final Gson GSON = new Gson();

    public LoaderPosition {
        if (epoch < 0 || index < 0) {
            throw new IllegalArgumentException("bad loader position " + epoch + "/" + index);
        }
    }

    public static LoaderPosition start() {
        return new LoaderPosition(0, 0);
    }

    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", epoch);
        o.addProperty("index", index);
        return o;
    }

    public String toJson() {
        return GSON.toJson(toJsonObject());
    }

    public static LoaderPosition fromJson(JsonObject o) {
        if (o == null || !o.has("epoch") || !o.has("index")) {
            throw new JsonParseException("loader position needs \"epoch\" and \"index\": " + o);
        }
        return new LoaderPosition(o.get("epoch").getAsLong(), o.get("index").getAsLong());
    }

    public static LoaderPosition fromJson(String json) {
        return fromJson(GSON.fromJson(json, JsonObject.class));
    }
}
