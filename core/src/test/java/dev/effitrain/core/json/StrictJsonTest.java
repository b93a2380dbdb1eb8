package dev.effitrain.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.train.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one JSON writer: strict text, non-finite numbers as null and named, snake_case record keys. */
class StrictJsonTest {
    @TempDir
    Path dir;

    @Test
    void nonFiniteNumbersBecomeNullAndAreListed() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("final_train_loss", Double.NaN);
        summary.put("steps", 6);
        summary.put("eval", Map.of("val_loss", Double.POSITIVE_INFINITY));
        summary.put("curve", List.of(1.0, Double.NEGATIVE_INFINITY));
        JsonObject o = StrictParse.object(StrictJson.pretty(StrictJson.report(summary)));
        assertTrue(o.get("final_train_loss").isJsonNull());
        assertTrue(o.getAsJsonObject("eval").get("val_loss").isJsonNull());
        assertTrue(o.getAsJsonArray("curve").get(1).isJsonNull());
        assertEquals(6, o.get("steps").getAsInt());
        assertEquals(List.of("final_train_loss", "eval.val_loss", "curve[1]"),
                o.getAsJsonArray("nonfinite").asList().stream().map(e -> e.getAsString()).toList());
        assertFalse(StrictParse.object(StrictJson.line(StrictJson.report(Map.of("loss", 1.5)))).has("nonfinite"),
                "only listed when there is something to list");
    }

    @Test
    void theWriterRefusesWhatStrictJsonCannotHold() {
        JsonObject raw = new JsonObject();
        raw.add("loss", new JsonPrimitive(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> StrictJson.pretty(raw));
    }

    @Test
    void recordsAreSnakeCaseAndOlderCamelCaseFilesStillRead() {
        ModelConfig m = new ModelConfig("gpt", 2, 64, 4, 4, 0, 0.0, 16, 0, true, "standard", 0, 0, 0, 0, "cls", "learned");
        JsonObject tree = StrictJson.tree(m).getAsJsonObject();
        assertEquals(64, tree.get("d_model").getAsInt());
        assertTrue(tree.has("seq_len") && tree.has("tie_embeddings") && !tree.has("dModel"), tree.toString());
        assertEquals(m, StrictJson.fromTree(tree, ModelConfig.class));
        JsonObject old = new JsonObject();
        old.addProperty("arch", "gpt");
        old.addProperty("dModel", 64);
        old.addProperty("seqLen", 16);
        ModelConfig read = StrictJson.fromTree(old, ModelConfig.class);
        assertEquals(64, read.dModel());
        assertEquals(16, read.seqLen());
    }

    @Test
    void summaryJsonOfADivergedRunParsesStrictly() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", "diverged");
        s.put("final_train_loss", Double.NaN);
        Summary.write(dir, s);
        JsonObject o = StrictParse.object(Files.readString(dir.resolve("summary.json")));
        assertTrue(o.get("final_train_loss").isJsonNull());
        assertEquals("final_train_loss", o.getAsJsonArray("nonfinite").get(0).getAsString());
    }
}
