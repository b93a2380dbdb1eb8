package dev.effitrain.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real GPT trainer driven to divergence through the command line: a learning rate of 1e30
 * (the deterministic injection used here: step 1 trains normally, its update blows the weights up,
 * so step 2's loss is NaN). Every policy ends with exit 4 naming the step and the last good
 * checkpoint, which stays complete: fail at once, skip after 5 non-finite steps in a row (4
 * skipped, counted in summary.json), rollback after 3 rollbacks (each announced, each lowering the
 * LR). The recovering side of skip and rollback is in core's NonFinitePolicyTest.
 */
class NonFiniteRunTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fail", "skip", "rollback"})
    void aDivergingRunExitsFourNamingTheStepAndKeepsTheLastGoodCheckpoint(String policy) {
        RunDir run = new RunDir(dir.resolve("run"));
        Path recipe = TinyRecipe.write(dir.resolve("r.yaml"), TinyRecipe.TINY, run.path(), 20, 1);
        InProcessCli.Result r = InProcessCli.exec("run", recipe.toString(), "--set", "optimizer.lr=1e30",
                "--set", "train.on_nonfinite=" + policy, "--set", "train.keep_last=0");
        Truthful.assertNoStackTrace(r.err(), policy);
        assertEquals(4, r.code(), policy + ": " + r.show());
        long failedAt = policy.equals("skip") ? 6 : 2;
        Truthful.assertEveryErrorNames(r.err(), policy, "training diverged: loss is NaN at step " + failedAt,
                "last good checkpoint: " + run.checkpoint(1));
        assertEquals(List.of("step-000001"), run.stepDirs(), policy + ": nothing saved after the divergence");
        run.assertEveryCheckpointComplete(policy);

        JsonObject summary = run.summary();
        assertEquals("diverged", summary.get("status").getAsString());
        assertEquals(4, summary.get("exit_code").getAsInt());
        assertEquals(run.checkpoint(1).toString(), summary.get("last_checkpoint").getAsString());
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: ")).toList();
        switch (policy) {
            case "fail" -> assertEquals(List.of(), warnings);
            case "skip" -> {
                assertEquals(4, summary.get("skipped_steps").getAsLong());
                assertEquals(4, warnings.size(), r.err());
                assertTrue(r.err().contains("5 steps in a row were non-finite"), r.err());
            }
            default -> {
                assertEquals(3, summary.get("rollbacks").getAsLong());
                assertEquals(0.125, summary.get("lr_scale").getAsDouble());
                assertEquals(List.of("warning: loss is NaN at step 2: rolled back to step-000001, learning rate x0.5 (rollback 1 of 3)",
                        "warning: loss is NaN at step 2: rolled back to step-000001, learning rate x0.25 (rollback 2 of 3)",
                        "warning: loss is NaN at step 2: rolled back to step-000001, learning rate x0.125 (rollback 3 of 3)"),
                        warnings);
                assertEquals(3, run.events("rollback").size());
                assertTrue(r.err().contains("gave up after 3 rollbacks"), r.err());
            }
        }
    }
}
