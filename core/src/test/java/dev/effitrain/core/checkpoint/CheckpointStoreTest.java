package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static NDManager manager;

    @TempDir
    Path runDir;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void saveWritesTheLayoutAndRecordsSizesAndChecksums() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        JsonObject state = CheckpointFixtures.state(4096);
        String stateBefore = state.toString();

        Path ckpt = store.save(500, CheckpointFixtures.model(manager, 1), CheckpointFixtures.optimizer(manager, 2), state);

        assertEquals(runDir.resolve("checkpoints/step-000500"), ckpt);
        JsonObject json = JsonParser.parseString(Files.readString(ckpt.resolve("state.json"))).getAsJsonObject();
        assertEquals(500, json.get("step").getAsLong());
        assertEquals(1, json.get("format_version").getAsInt());
        assertEquals(4096, json.get("data_position").getAsLong());
        assertEquals(12288, json.getAsJsonObject("rng").get("draws").getAsLong());
        for (String name : List.of("model.safetensors", "optimizer.safetensors")) {
            JsonObject rec = json.getAsJsonObject("files").getAsJsonObject(name);
            byte[] bytes = Files.readAllBytes(ckpt.resolve(name));
            assertEquals(bytes.length, rec.get("bytes").getAsLong(), name);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    rec.get("sha256").getAsString(), name);
        }
        assertEquals(stateBefore, state.toString(), "caller's state untouched");
        assertEquals(List.of("step-000500"), entries(store.dir()), "no temporary directories left");
        assertEquals("pt", SafeTensors.readHeader(ckpt.resolve("model.safetensors")).metadata().get("format"));
    }

    @Test
    void latestIgnoresTemporaryAndIncompleteDirectories() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        Path c100 = save(store, 100);
        Path c200 = save(store, 200);
        Path dir = store.dir();
        copyDir(c200, dir.resolve(".tmp-step-000900-abc"));                    // crashed before rename
        copyDir(c200, dir.resolve("step-000300"));
        Files.delete(dir.resolve("step-000300/state.json"));                    // missing state.json
        copyDir(c200, dir.resolve("step-000400"));
        Files.writeString(dir.resolve("step-000400/state.json"), "{\"step\": 400, \"files\": {");  // unparseable
        copyDir(c200, dir.resolve("step-000500"));
        Files.writeString(dir.resolve("step-000500/state.json"), "{\"step\": 500}");  // no files record
        copyDir(c200, dir.resolve("step-000600"));
        rewriteStep(dir.resolve("step-000600"), 600);
        truncate(dir.resolve("step-000600/model.safetensors"), 100);              // size mismatch
        Files.createDirectories(dir.resolve("notes"));

        assertEquals(Optional.of(c200), store.latest());
        assertEquals(List.of(c100, c200), store.list());
        assertEquals(Optional.of(c200), CheckpointLayout.latestComplete(dir));
        assertTrue(CheckpointLayout.problem(dir.resolve("step-000400")).orElseThrow().contains("not valid JSON"));
    }

    @Test
    void openCleansUpAfterACrashedWriter() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        Path c100 = save(store, 100);
        Path c200 = save(store, 200);
        Path dir = store.dir();
        copyDir(c200, dir.resolve(".tmp-step-000300-1f"));
        copyDir(c200, dir.resolve(".trash-step-000050-2e"));
        copyDir(c200, dir.resolve(".old-step-000200-3d"));      // replacement finished: stale copy
        Files.move(c100, dir.resolve(".old-step-000100-4c"));    // crash between the two renames

        CheckpointStore reopened = CheckpointStore.forRun(runDir);

        assertEquals(List.of("step-000100", "step-000200"), entries(dir));
        assertEquals(List.of(c100, c200), reopened.list());
    }

    @Test
    void retentionKeepsTheNewestN() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        for (long step = 1; step <= 5; step++) {
            save(store, step * 10);
        }

        List<Path> deleted = store.keepLast(2);

        assertEquals(List.of("step-000010", "step-000020", "step-000030"),
                deleted.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("step-000040", "step-000050"), entries(store.dir()));
        assertEquals(List.of(), store.keepLast(2));
        assertThrows(IllegalArgumentException.class, () -> store.keepLast(0));
    }

    @Test
    void retentionNeverFollowsASymlinkAmongTheCheckpoints() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir.resolve("run"));
        Path elsewhere = runDir.resolve("precious");
        copyDir(save(CheckpointStore.forRun(runDir.resolve("other")), 5), elsewhere);
        Files.createSymbolicLink(store.dir().resolve("step-000005"), elsewhere);       // a linked checkpoint directory
        Path c10 = save(store, 10);
        Path outside = Files.writeString(runDir.resolve("outside.txt"), "not the run's");
        Files.createSymbolicLink(c10.resolve("notes.txt"), outside);                    // a linked file inside one
        save(store, 20);
        save(store, 30);

        store.keepLast(1);

        assertEquals(List.of("step-000030"), entries(store.dir()), "the links were deleted as links");
        assertEquals(List.of("model.safetensors", "optimizer.safetensors", "state.json"), entries(elsewhere),
                "the linked directory's files are untouched");
        assertEquals("not the run's", Files.readString(outside));
    }

    @Test
    void retentionNeverDeletesTheCheckpointJustSaved() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        save(store, 1000);   // from an abandoned, longer timeline
        Path resumed = save(store, 500);

        store.keepLast(1);

        assertTrue(Files.isDirectory(resumed));
    }

    @Test
    void savingAnExistingStepReplacesItCompletely() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        store.save(100, CheckpointFixtures.model(manager, 1), CheckpointFixtures.optimizer(manager, 1),
                CheckpointFixtures.state(1));
        Map<String, NDArray> newModel = CheckpointFixtures.model(manager, 7);

        Path ckpt = store.save(100, newModel, CheckpointFixtures.optimizer(manager, 7), CheckpointFixtures.state(7));

        assertEquals(List.of("step-000100"), entries(store.dir()));
        try (Checkpoint loaded = CheckpointReader.load(ckpt, manager)) {
            TestTensors.assertSameTensors(newModel, loaded.model());
            assertEquals(7, loaded.state().get("data_position").getAsLong());
        }
    }

    @Test
    void aFailedSaveLeavesNothingThatLooksLikeACheckpoint() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        Map<String, NDArray> good = CheckpointFixtures.model(manager, 1);
        store.save(100, good, CheckpointFixtures.optimizer(manager, 1), CheckpointFixtures.state(1));
        NDArray released = manager.ones(new Shape(4));
        released.close();

        assertThrows(RuntimeException.class, () -> store.save(100, Map.of("w", released),
                CheckpointFixtures.optimizer(manager, 2), CheckpointFixtures.state(2)));
        assertThrows(RuntimeException.class, () -> store.save(200, Map.of("w", released),
                CheckpointFixtures.optimizer(manager, 2), CheckpointFixtures.state(2)));

        assertEquals(List.of("step-000100"), entries(store.dir()));
        try (Checkpoint kept = CheckpointReader.load(store.dir().resolve("step-000100"), manager)) {
            TestTensors.assertSameTensors(good, kept.model());
        }
    }

    @Test
    void reservedOrContradictoryStateIsRefused() throws Exception {
        CheckpointStore store = CheckpointStore.forRun(runDir);
        JsonObject withFiles = CheckpointFixtures.state(1);
        withFiles.add("files", new JsonObject());
        JsonObject wrongStep = CheckpointFixtures.state(1);
        wrongStep.addProperty("step", 99);
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of(), Map.of(), withFiles));
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of(), Map.of(), wrongStep));
        JsonObject nan = CheckpointFixtures.state(1);
        nan.addProperty("loss", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of(), Map.of(), nan));
        assertEquals(List.of(), entries(store.dir()));
    }

    @Test
    void anUnwritableOutputIsExit3NamingThePath() throws Exception {
        Path notADir = Files.writeString(runDir.resolve("runs"), "a file where the run directory should be");
        EffitrainException e = assertThrows(EffitrainException.class, () -> CheckpointStore.forRun(notADir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(notADir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot write checkpoints"), e.getMessage());
    }

    @Test
    void aReadOnlyDirectoryIsExit3() throws Exception {
        Path ro = Files.createDirectories(runDir.resolve("ro/checkpoints"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions are not enforced");
            EffitrainException e = assertThrows(EffitrainException.class, () -> CheckpointStore.open(ro));
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskIsExit3NamingTheFile() {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full on this system");
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> SafeTensors.write(full, Map.of("w", manager.ones(new Shape(1024))), Map.of()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("/dev/full: cannot write (No space left on device)", e.getMessage());
    }

    @Test
    void directoryNamesCarryTheStep() {
        assertEquals("step-000005", CheckpointLayout.dirName(5));
        assertEquals("step-1234567", CheckpointLayout.dirName(1_234_567));
        assertEquals(1_234_567, CheckpointLayout.stepOf(Path.of("step-1234567")).getAsLong());
        assertTrue(CheckpointLayout.stepOf(Path.of(".tmp-step-000005-ab")).isEmpty());
        assertTrue(CheckpointLayout.stepOf(Path.of("step-5")).isEmpty());
        assertFalse(CheckpointLayout.stepOf(Path.of("step-000000")).isEmpty());
    }

    private static Path save(CheckpointStore store, long step) {
        return store.save(step, CheckpointFixtures.model(manager, step), CheckpointFixtures.optimizer(manager, step),
                CheckpointFixtures.state(step));
    }

    private static List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void copyDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    static void rewriteStep(Path dir, long step) throws Exception {
        Path state = dir.resolve("state.json");
        JsonObject json = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        json.addProperty("step", step);
        Files.writeString(state, json.toString());
    }

    static void truncate(Path file, long size) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
