package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.sweep.SweepDirectory;
import dev.effitrain.core.sweep.SweepGrid;
import dev.effitrain.core.sweep.SweepMember;
import dev.effitrain.core.sweep.SweepPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny quickstart sweep (2 learning rates x 2 seeds): interrupted after its first member, rerun finishes only the rest. */
class SweepCommandTest {
    private static final List<String> SETS = List.of("train.duration=4ba", "model.layers=1", "model.d_model=32",
            "model.seq_len=16", "train.batch_size=4", "train.eval_batches=2", "train.tensorboard=false");
    private static final String GRID = "optimizer.lr=[1e-3,3e-3]";

    @TempDir
    Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int effitrain(List<String> args) {
        return Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private List<String> sweepArgs(Path dir, String grid) {
        List<String> a = new ArrayList<>(List.of("sweep", "quickstart", "--grid", grid, "--seeds", "2", "--out", dir.toString()));
        SETS.forEach(s -> a.addAll(List.of("--set", s)));
        return a;
    }

    /** Runs one member as the sweep would, with extra --sets (a shorter duration stands in for a run stopped early). */
    private int runMember(Path dir, SweepMember m, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "quickstart"));
        List<String> sets = new ArrayList<>(SETS);
        sets.addAll(m.overrides());
        sets.add("output=" + SweepDirectory.memberDir(dir, m));
        sets.addAll(Arrays.asList(extra));
        sets.forEach(s -> a.addAll(List.of("--set", s)));
        return effitrain(a);
    }

    @Test
    void rerunSkipsFinishedMembersResumesTheStoppedOneAndRunsTheRest() throws IOException {
        Path dir = tmp.resolve("sweep");
        List<SweepMember> members = SweepPlan.members(SweepGrid.parse(List.of(GRID)), 2, 1234);   // quickstart's seed
        assertEquals(4, members.size());
        assertEquals("00-lr=1e-3-seed=1234", members.get(0).dirName());
        assertEquals(List.of("optimizer.lr=3e-3", "seed=1235"), members.get(3).overrides());

        // the state a sweep leaves when it is killed during its second member: the first finished,
        // the second has a checkpoint at step 2 and no summary
        assertEquals(0, runMember(dir, members.get(0)), err.toString());
        assertEquals(0, runMember(dir, members.get(1), "train.duration=2ba"), err.toString());
        Path second = SweepDirectory.memberDir(dir, members.get(1));
        Files.delete(second.resolve("summary.json"));
        Path first = SweepDirectory.memberDir(dir, members.get(0));
        String firstMetrics = Files.readString(first.resolve("metrics.jsonl"));

        err.getBuffer().setLength(0);
        assertEquals(0, effitrain(sweepArgs(dir, GRID)), err.toString());
        String log = err.toString();
        assertTrue(log.contains("member 1/4 (optimizer.lr=1e-3 seed=1234): finished before, skipped"), log);
        assertTrue(log.contains("member 2/4 (optimizer.lr=1e-3 seed=1235): resuming"), log);
        assertTrue(log.contains("member 3/4 (optimizer.lr=3e-3 seed=1234): starting"), log);
        assertEquals(firstMetrics, Files.readString(first.resolve("metrics.jsonl")), "the finished member was not touched");
        assertTrue(Files.readString(second.resolve("metrics.jsonl")).contains("\"resumed_from_step\":2"));

        JsonObject sweep = JsonParser.parseString(Files.readString(dir.resolve("sweep.json"))).getAsJsonObject();
        assertEquals("val_loss", sweep.get("metric").getAsString());
        JsonArray ms = sweep.getAsJsonArray("members");
        assertEquals(4, ms.size());
        for (JsonElement e : ms) {
            JsonObject m = e.getAsJsonObject();
            assertEquals("completed", m.get("status").getAsString(), m.toString());
            assertTrue(m.get("final_val_loss").getAsDouble() > 0);
            JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve(m.get("dir").getAsString())
                    .resolve("summary.json"))).getAsJsonObject();
            assertEquals(4, summary.get("steps").getAsLong());
        }
        assertEquals(2, sweep.getAsJsonArray("points").size());
        assertTrue(Files.size(dir.resolve("sensitivity.png")) > 1000);
        String table = Files.readString(dir.resolve("sweep.txt"));
        assertTrue(table.contains("optimizer.lr") && table.contains("2/2"), table);

        // a third run has nothing left to do
        err.getBuffer().setLength(0);
        assertEquals(0, effitrain(sweepArgs(dir, GRID)), err.toString());
        assertFalse(err.toString().contains("starting") || err.toString().contains("resuming"), err.toString());

        // compare reads the sweep directory as its members' runs
        out.getBuffer().setLength(0);
        assertEquals(0, effitrain(List.of("compare", dir.toString())), err.toString());
        for (SweepMember m : members) {
            assertTrue(out.toString().contains(m.dirName() + "  completed"), out.toString());
        }
    }

    @Test
    void anotherGridIntoTheSameDirectoryIsRefusedAndBadGridsAreNamed() throws IOException {
        Path dir = tmp.resolve("sweep");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep.json"), "{\"spec\": {\"recipe\": \"quickstart\", \"sets\": [], \"grid\": [], \"seeds\": 1}}");
        assertEquals(2, effitrain(sweepArgs(dir, GRID)));
        assertTrue(err.toString().contains("is another sweep"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, effitrain(sweepArgs(tmp.resolve("other"), "optimizer.lr=[1e-3,")));
        assertTrue(err.toString().contains("--grid optimizer.lr=[1e-3,: unbalanced brackets"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, effitrain(sweepArgs(tmp.resolve("other"), "optimizer.lrr=[1e-3]")));
        assertTrue(err.toString().contains("optimizer.lrr"), err.toString());
        assertFalse(Files.exists(tmp.resolve("other").resolve("members")), "nothing trained");
    }
}
