package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL while it saves checkpoints in a loop, at random moments, and checks
 * that what {@code --resume auto} would pick is always complete, verifies, and holds that step's
 * exact data.
 */
class CheckpointCrashTest {

    @TempDir
    Path runDir;

    @Test
    void aKilledWriterNeverLeavesAHalfWrittenCheckpointThatGetsPicked() throws Exception {
        Random random = new Random();
        long resumeFrom = 0;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int round = 0; round < 2; round++) {
                Process child = start(resumeFrom);
                Thread.sleep(random.nextInt(300));
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));

                CheckpointStore store = CheckpointStore.forRun(runDir); // cleans the crashed writer's leftovers
                List<Path> complete = store.list();
                assertTrue(complete.size() <= 4, "retention kept " + complete);
                for (Path ckpt : complete) {
                    CheckpointReader.verify(ckpt);
                }
                Path latest = CheckpointReader.resolveResume("auto", runDir).orElseThrow();
                try (Checkpoint c = CheckpointReader.load(latest, manager)) {
                    TestTensors.assertSameTensors(CrashingSaver.model(manager, c.step()), c.model());
                    TestTensors.assertSameTensors(CheckpointFixtures.optimizer(manager, c.step()), c.optimizer());
                    assertEquals(c.step(), c.state().getAsJsonObject("rng").get("draws").getAsLong() / 3);
                    assertTrue(c.step() > resumeFrom, "made progress in round " + round);
                    resumeFrom = c.step();
                }
            }
        }
    }

    /** Starts the saver and waits for its first checkpoint, so every round makes progress. */
    private Process start(long fromStep) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-Dai.djl.pytorch.num_threads=1",
                CrashingSaver.class.getName(), runDir.toString(), Long.toString(fromStep)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("saved ")) {
            // engine start-up chatter
        }
        assertTrue(line != null, "saver died before its first checkpoint");
        return p;
    }
}
