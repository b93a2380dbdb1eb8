package dev.effitrain.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.effitrain.core.EffitrainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Writes {@code summary.json} atomically (temporary file, then rename). */
public final class Summary {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .serializeSpecialFloatingPointValues().create();

    private Summary() {
    }

    public static void write(Path runDir, Map<String, Object> summary) {
        Path target = runDir.resolve("summary.json");
        Path tmp = runDir.resolve(".summary.json.tmp");
        try {
            Files.writeString(tmp, GSON.toJson(summary) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(target + ": cannot write summary (" + e.getMessage() + ")");
        }
    }

    public static String toJson(Object o) {
        return GSON.toJson(o);
    }
}
