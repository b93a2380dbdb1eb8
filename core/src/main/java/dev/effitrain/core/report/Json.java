package dev.effitrain.core.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Lenient field access: a field that is absent, null or of the wrong type reads as empty. Numbers
 * written as NaN or Infinity (a diverged run) arrive from Gson's lenient parser as strings.
 */
final class Json {

    private Json() {
    }

    static OptionalDouble number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return OptionalDouble.empty();
        }
        return number(e.getAsJsonPrimitive());
    }

    static OptionalDouble number(JsonPrimitive p) {
        if (p.isNumber()) {
            return OptionalDouble.of(p.getAsDouble());
        }
        if (p.isString()) {
            try {
                return OptionalDouble.of(Double.parseDouble(p.getAsString()));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    static OptionalLong integer(JsonObject o, String key) {
        OptionalDouble d = number(o, key);
        if (d.isEmpty() || !Double.isFinite(d.getAsDouble())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(d.getAsDouble()));
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        return e.getAsString();
    }
}
