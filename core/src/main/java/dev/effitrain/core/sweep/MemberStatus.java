package dev.effitrain.core.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sweep member stands, from its run directory alone (what a rerun, or a Slurm array task,
 * decides by): {@code DONE} when its summary.json says it finished (completed, or diverged: a
 * learning rate too high for the model is a result, not something to retry), {@code STARTED} when
 * the directory holds a run that did not finish (a resume continues it from its newest checkpoint,
 * under the run-safety rules of {@code run}), {@code NEW} otherwise.
 */
public enum MemberStatus {
    NEW, STARTED, DONE;

    public static MemberStatus of(Path runDir) {
        String status = summaryStatus(runDir);
        if ("completed".equals(status) || "diverged".equals(status)) {
            return DONE;
        }
        return RunDirectory.holdsARun(runDir) ? STARTED : NEW;
    }

    /** summary.json's {@code status}, or null when there is no readable one. */
    static String summaryStatus(Path runDir) {
        Path summary = runDir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(summary, StandardCharsets.UTF_8)).getAsJsonObject();
            return o.has("status") && o.get("status").isJsonPrimitive() ? o.get("status").getAsString() : null;
        } catch (IOException | RuntimeException e) {
            return null;   // torn or foreign: not finished, so the member runs (and run itself reports a real problem)
        }
    }
}
