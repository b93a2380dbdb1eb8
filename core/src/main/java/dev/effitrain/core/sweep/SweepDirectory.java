package dev.effitrain.core.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.json.StrictJson;
import dev.effitrain.core.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sweep's directory: {@code sweep.json} (the spec, the members and, once they ran, the results),
 * {@code members/<member>/} (one ordinary run directory each), {@code sweep.txt} and the
 * sensitivity plot.
 */
public final class SweepDirectory {
    public static final String SWEEP_JSON = "sweep.json";
    public static final String SPEC = "spec";

    private SweepDirectory() {
    }

    public static Path memberDir(Path sweepDir, SweepMember m) {
        return sweepDir.resolve(SweepPlan.MEMBERS_DIR).resolve(m.dirName());
    }

    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SWEEP_JSON));
    }

    /**
     * Refuses (exit 2) a directory that holds another sweep, or a run; a new directory is fine.
     * The same spec again continues the sweep.
     */
    public static void requireSameSweep(Path sweepDir, SweepSpec spec) {
        if (RunDirectory.holdsARun(sweepDir)) {
            throw EffitrainException.usage("--out " + sweepDir + " holds a run, not a sweep; choose another --out DIR");
        }
        if (!isSweep(sweepDir)) {
            return;
        }
        JsonObject saved = read(sweepDir);
        JsonElement theirs = saved.get(SPEC);
        if (!Objects.equals(theirs, StrictJson.tree(spec))) {
            throw EffitrainException.usage(sweepDir.resolve(SWEEP_JSON) + " is another sweep (" + theirs
                    + "); rerun it with the same recipe, --set, --grid and --seeds to continue it, or choose another --out DIR");
        }
    }

    /** The run directories of a sweep's members that hold a run, in member order (for compare). */
    public static List<Path> memberRuns(Path sweepDir) {
        JsonObject o = read(sweepDir);
        List<Path> out = new ArrayList<>();
        JsonArray members = o.has("members") && o.get("members").isJsonArray() ? o.getAsJsonArray("members") : new JsonArray();
        for (JsonElement e : members) {
            if (e.isJsonObject() && e.getAsJsonObject().has("dir")) {
                Path run = sweepDir.resolve(e.getAsJsonObject().get("dir").getAsString());
                if (Files.isRegularFile(run.resolve("metrics.jsonl"))) {
                    out.add(run);
                }
            }
        }
        return out;
    }

    /** Each sweep directory replaced by its members' runs; other paths as they are. */
    public static List<Path> expand(List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (isSweep(d)) {
                List<Path> runs = memberRuns(d);
                if (runs.isEmpty()) {
                    throw EffitrainException.usage(d + ": a sweep none of whose members has run yet");
                }
                out.addAll(runs);
            } else {
                out.add(d);
            }
        }
        return out;
    }

    static JsonObject read(Path sweepDir) {
        Path f = sweepDir.resolve(SWEEP_JSON);
        try {
            return JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EffitrainException.badInput(f + ": cannot read the sweep (" + e.getMessage() + ")");
        }
    }

    /** Writes sweep.json atomically. */
    static void write(Path sweepDir, JsonElement json) {
        Path f = sweepDir.resolve(SWEEP_JSON);
        Path tmp = sweepDir.resolve("." + SWEEP_JSON + ".tmp");
        try {
            Files.createDirectories(sweepDir);
            Files.writeString(tmp, StrictJson.pretty(json) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(f + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
