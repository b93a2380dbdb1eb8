package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.effitrain.core.json.StrictParse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json, the start event and env --json say how a run was produced (issue 23, item 10). */
class RunEnvironmentRecordTest {
    static final List<String> FIELDS = List.of("host", "os", "cpu_model", "cpu_cores", "ram_bytes", "java", "djl",
            "libtorch", "libtorch_flavor", "intra_op_threads", "interop_threads", "omp_wait_policy", "allocator",
            "mkl_code_path", "native_kernels", "git");

    @TempDir
    Path dir;

    @Test
    void summaryStartEventAndEnvRecordTheWholeEnvironment() throws Exception {
        Path run = CliTest.runTiny(dir, "env-run");
        JsonObject summary = StrictParse.object(Files.readString(run.resolve("summary.json")));
        Instant started = Instant.parse(summary.get("started_at").getAsString());
        Instant ended = Instant.parse(summary.get("ended_at").getAsString());
        assertTrue(summary.get("started_at").getAsString().endsWith("Z") && !ended.isBefore(started), summary.toString());
        JsonObject env = summary.getAsJsonObject("environment");
        for (String f : FIELDS) {
            assertTrue(env.has(f), "summary.json environment lacks " + f + ": " + env);
        }
        assertTrue(env.get("git").isJsonNull(), "a temporary directory is in no git repository: " + env.get("git"));
        assertTrue(env.get("ram_bytes").getAsLong() > 0 && env.get("cpu_cores").getAsInt() > 0, env.toString());
        JsonObject start = StrictParse.object(Files.readAllLines(run.resolve("metrics.jsonl")).get(0));
        assertEquals("start", start.get("event").getAsString());
        assertEquals(summary.get("started_at"), start.get("started_at"));
        assertEquals(env, start.getAsJsonObject("environment"));
        CliTest.Result r = CliTest.exec("env", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject envJson = StrictParse.object(r.out());
        for (String f : FIELDS) {
            assertTrue(envJson.has(f), "env --json lacks " + f);
        }
    }
}
