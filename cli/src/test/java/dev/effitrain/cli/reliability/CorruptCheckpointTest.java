package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints, each damage done for real to a checkpoint a real run wrote: truncated and
 * garbled tensor files (caught by size, by the SHA-256 in state.json, or by the safetensors reader
 * when the checksum was re-sealed over the damage), broken state.json, a checkpoint of another
 * model shape. Every command that reads one ({@code run --resume}, {@code inspect}, {@code eval})
 * exits 3 naming the file and the reason, no stack trace; {@code --resume auto} skips a damaged
 * newest checkpoint only when the damage is visible without reading it (a torn write).
 */
class CorruptCheckpointTest {
    @TempDir
    static Path shared;
    private static Path pristine;

    @TempDir
    Path dir;
    private RunDir run;
    private String recipe;

    @BeforeAll
    static void trainTwoSteps() {
        pristine = shared.resolve("run");
        Path recipe = TinyRecipe.write(shared.resolve("r.yaml"), TinyRecipe.TINY, pristine, 2, 1);
        InProcessCli.Result r = InProcessCli.exec("run", recipe.toString());
        assertEquals(0, r.code(), r.show());
    }

    /** A fresh copy of the two-step run (checkpoints step-000001 and step-000002) for one test to damage. */
    private Path step(long n) {
        if (run == null) {
            run = new RunDir(dir.resolve("run"));
            Damage.copyTree(pristine, run.path());
            // one step more than the run trained: a finished run is not even opened (RunSafetyTest)
            recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), 3, 1).toString();
        }
        return run.checkpoint(n);
    }

    private static InProcessCli.Result refused(String what, String... args) {
        InProcessCli.Result r = InProcessCli.exec(args);
        Truthful.assertNoStackTrace(r.err(), what);
        assertEquals(3, r.code(), what + ": " + r.show());
        return r;
    }

    @Test
    void aTruncatedModelFileIsRefusedByEveryReaderAndSkippedByResumeAuto() {
        Path model = step(2).resolve("model.safetensors");
        Damage.truncateToHalf(model);
        for (String[] args : new String[][] {{"inspect", step(2).toString()}, {"run", recipe, "--resume", step(2).toString()},
                {"eval", step(2).toString()}}) {
            InProcessCli.Result r = refused("truncated model, " + args[0], args);
            Truthful.assertEveryErrorNames(r.err(), "truncated model, " + args[0], model.toString());
        }
        // the warning that names the skipped checkpoint goes to the log (stderr of a real process: DamagedCheckpointIT)
        InProcessCli.Result auto = InProcessCli.exec("run", recipe);
        assertEquals(0, auto.code(), auto.show());
        assertEquals(1, run.events("start").get(1).get("resumed_from_step").getAsLong());
        run.assertEveryCheckpointComplete("after the resume replaced the damaged checkpoint");
    }

    @Test
    void silentCorruptionOfATensorFileIsCaughtByItsChecksum() {
        for (String file : new String[] {"model.safetensors", "optimizer.safetensors"}) {
            Path damaged = step(2).resolve(file);
            Damage.flipByte(damaged, -3);
            for (String[] args : new String[][] {{"run", recipe}, {"run", recipe, "--resume", step(2).toString()}}) {
                InProcessCli.Result r = refused("bit flip in " + file, args);
                Truthful.assertEveryErrorNames(r.err(), "bit flip in " + file, damaged.toString(), "checksum mismatch");
            }
            Damage.flipByte(damaged, -3);
        }
        Damage.flipByte(step(1).resolve("model.safetensors"), -3);
        InProcessCli.Result eval = refused("bit flip, eval", "eval", step(1).toString());
        Truthful.assertEveryErrorNames(eval.err(), "bit flip, eval", "model.safetensors", "checksum mismatch");
    }

    @Test
    void garbledTensorFilesBehindAResealedChecksumAreCaughtByTheReader() {
        Path model = step(2).resolve("model.safetensors");
        Damage.overwrite(model, 8, "\"oops\": [".getBytes(StandardCharsets.UTF_8));
        Damage.reseal(step(2), "model.safetensors");
        InProcessCli.Result r = refused("garbled header", "run", recipe, "--resume", step(2).toString());
        Truthful.assertEveryErrorNames(r.err(), "garbled header", model.toString(), "header");

        Path optimizer = step(1).resolve("optimizer.safetensors");
        Damage.truncate(optimizer, Damage.size(optimizer) - 4);
        Damage.reseal(step(1), "optimizer.safetensors");
        InProcessCli.Result o = refused("short optimizer data", "run", recipe, "--resume", step(1).toString());
        Truthful.assertEveryErrorNames(o.err(), "short optimizer data", optimizer.toString(), "truncated");
    }

    @Test
    void aBrokenStateFileIsRefusedAndSkippedByResumeAuto() throws Exception {
        Path state = step(2).resolve("state.json");
        Damage.truncate(state, Damage.size(state) / 3);
        InProcessCli.Result r = refused("truncated state.json", "run", recipe, "--resume", step(2).toString());
        Truthful.assertEveryErrorNames(r.err(), "truncated state.json", state.toString(), "not valid JSON");
        refused("truncated state.json, inspect", "inspect", step(2).toString());
        InProcessCli.Result auto = InProcessCli.exec("run", recipe);
        assertEquals(0, auto.code(), auto.show());
        assertEquals(1, run.events("start").get(1).get("resumed_from_step").getAsLong());
    }

    @Test
    void stateFilesWithWrongOrMissingFieldsAreRefusedNamingTheField() throws Exception {
        String[][] edits = {{"step", "\"two\""}, {"data", null}, {"samples", "[]"}, {"data", "{\"seed\": 11}"},
            {"wall_s", null}, {"files", "{}"}};
        Path before = dir.resolve("state.json");
        Files.copy(step(1).resolve("state.json"), before);
        for (String[] edit : edits) {
            Files.copy(before, step(1).resolve("state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Damage.editState(step(1), edit[0], edit[1]);
            String what = "state.json with " + edit[0] + "=" + edit[1];
            InProcessCli.Result r = refused(what, "run", recipe, "--resume", step(1).toString());
            Truthful.assertEveryErrorNames(r.err(), what, step(1).resolve("state.json").toString());
            assertTrue(r.err().contains("\"" + edit[0] + "\"") || r.err().contains(edit[0] + " "), what + ": the field is not named:\n" + r.err());
        }
    }

    @Test
    void initFromATruncatedOrByteFlippedCheckpointIsExit3() {
        Damage.truncateToHalf(step(2).resolve("model.safetensors"));
        Damage.flipByte(step(1).resolve("model.safetensors"), -3);
        for (long n : new long[] {2, 1}) {
            String what = "init_from a damaged step " + n;
            String other = TinyRecipe.write(dir.resolve("init-" + n + ".yaml"), TinyRecipe.TINY, dir.resolve("init-" + n), 2, 1)
                    .toString();
            InProcessCli.Result r = refused(what, "run", other, "--set", "init_from=" + step(n));
            Truthful.assertEveryErrorNames(r.err(), what, step(n).resolve("model.safetensors").toString());
        }
    }

    @Test
    void aCheckpointOfAnotherModelShapeIsRefused() throws Exception {
        step(2);
        // with the run's recipe.yaml a changed model is refused before loading (exit 2: RunSafetyTest);
        // without it, the weights themselves load strictly
        Path runRecipe = run.path().resolve("recipe.yaml");
        Path aside = Files.move(runRecipe, dir.resolve("recipe.yaml.aside"));
        InProcessCli.Result wider = refused("wider model", "run", recipe, "--set", "model.d_model=64");
        Truthful.assertEveryErrorNames(wider.err(), "wider model", "model.safetensors", "does not fit this model", "shape");
        InProcessCli.Result deeper = refused("deeper model", "run", recipe, "--set", "model.layers=2");
        Truthful.assertEveryErrorNames(deeper.err(), "deeper model", "does not fit this model", "blocks.1.");
        Files.move(aside, runRecipe);   // eval reads the run's recipe
        InProcessCli.Result eval = refused("eval, wider model", "eval", step(2).toString(), "--set", "model.d_model=64");
        Truthful.assertEveryErrorNames(eval.err(), "eval, wider model", "does not fit this model");
    }
}
