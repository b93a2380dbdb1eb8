package dev.effitrain.core.train;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes {@code summary.json} atomically (temporary file, then rename) as strict JSON: a value that
 * is NaN or infinite (a diverged run's loss) is null and named in {@code "nonfinite"}.
 */
public final class Summary {

    private Summary() {
    }

    public static void write(Path runDir, Map<String, Object> summary) {
        Path target = runDir.resolve("summary.json");
        Path tmp = runDir.resolve(".summary.json.tmp");
        try {
            Files.writeString(tmp, toJson(summary) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(target + ": cannot write summary (" + e.getMessage() + ")");
        }
    }

    /** Strict, indented JSON for a summary or report (see {@link StrictJson#report}). */
    public static String toJson(Object o) {
        return StrictJson.pretty(StrictJson.report(o));
    }
}
