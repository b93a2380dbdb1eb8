package dev.effitrain.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shared printing for commands: strict JSON for --json, short human text otherwise. */
final class Output {

    private Output() {
    }

    /** {@code value} as strict JSON on stdout: NaN and infinities are null, named in {@code "nonfinite"}. */
    static void json(PrintWriter out, Object value) {
        out.println(StrictJson.pretty(StrictJson.report(value)));
        out.flush();
    }

    /** A run's summary.json; exit 3 naming the file when it is missing or not JSON. */
    static JsonObject readSummary(Path runDir) {
        Path file = runDir.resolve("summary.json");
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EffitrainException.badInput(file + ": cannot read the run summary (" + e.getMessage() + ")");
        }
    }

    static void printSummary(PrintWriter out, Path runDir, boolean json) {
        JsonObject s = readSummary(runDir);
        if (json) {
            json(out, s);
            return;
        }
        out.printf(Locale.ROOT, "done: %s, %d steps in %.1f s, final train loss %s%n", s.get("name").getAsString(),
                s.get("steps").getAsLong(), s.get("wall_s").getAsDouble(), number(s.get("final_train_loss")));
        JsonObject eval = s.getAsJsonObject("eval");
        if (eval != null && !eval.isEmpty()) {
            StringBuilder sb = new StringBuilder("eval:");
            eval.entrySet().forEach(e -> sb.append(' ').append(e.getKey()).append(' ').append(number(e.getValue())));
            out.println(sb);
        }
        out.println("run directory: " + runDir);
        out.flush();
    }

    /** {@code 0.1234}, or {@code n/a} for a null (non-finite or unknown) value. */
    private static String number(JsonElement e) {
        return e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() ? "n/a"
                : String.format(Locale.ROOT, "%.4f", e.getAsDouble());
    }
}
