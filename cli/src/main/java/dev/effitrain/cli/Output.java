package dev.effitrain.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shared printing for commands: JSON for --json, short human text otherwise. */
final class Output {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        out.println(GSON.toJson(value));
        out.flush();
    }

    static void printSummary(PrintWriter out, Path runDir, boolean json) {
        Path file = runDir.resolve("summary.json");
        JsonObject s;
        try {
            s = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EffitrainException.badInput(file + ": cannot read the run summary (" + e.getMessage() + ")");
        }
        if (json) {
            json(out, s);
            return;
        }
        out.printf(Locale.ROOT, "done: %s, %d steps in %.1f s, final train loss %.4f%n", s.get("name").getAsString(),
                s.get("steps").getAsLong(), s.get("wall_s").getAsDouble(), s.get("final_train_loss").getAsDouble());
        JsonObject eval = s.getAsJsonObject("eval");
        if (eval != null && !eval.isEmpty()) {
            StringBuilder sb = new StringBuilder("eval:");
            eval.entrySet().forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue().getAsDouble())));
            out.println(sb);
        }
        out.println("run directory: " + runDir);
        out.flush();
    }
}
