package dev.effitrain.core.checkpoint;

import static dev.effitrain.core.checkpoint.TestTensors.assertSameTensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReaderTest {

    private static NDManager manager;

    @TempDir
    Path runDir;

    private CheckpointStore store;
    private Map<String, NDArray> model;
    private Map<String, NDArray> optimizer;
    private Path ckpt;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @BeforeEach
    void saveOne() {
        store = CheckpointStore.forRun(runDir);
        model = CheckpointFixtures.model(manager, 3);
        optimizer = CheckpointFixtures.optimizer(manager, 4);
        ckpt = store.save(300, model, optimizer, CheckpointFixtures.state(777));
    }

    @Test
    void loadsBitExactOntoTheManagerOutsideAnyScope() {
        Checkpoint loaded;
        try (NDManager sub = manager.newSubManager()) {
            try (NDScope scope = new NDScope()) {
                loaded = CheckpointReader.load(ckpt, sub);
            }
            assertSameTensors(model, loaded.model());
            assertSameTensors(optimizer, loaded.optimizer());
            loaded.model().values().forEach(a -> assertSame(sub, a.getManager()));
            assertEquals(300, loaded.step());
            assertEquals(777, loaded.state().get("data_position").getAsLong());
            assertEquals(0, loaded.state().get("stage").getAsInt());
            assertEquals(ckpt, loaded.dir());
            loaded.close();
            assertTrue(loaded.model().values().stream().allMatch(NDArray::isReleased));
        }
    }

    @Test
    void aFlippedDataByteIsACorruptFile() throws Exception {
        Path file = ckpt.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x01;
        Files.write(file, bytes);

        assertExit3(file + ": checksum mismatch (file corrupt)", () -> CheckpointReader.load(ckpt, manager));
        assertExit3(file + ": checksum mismatch", () -> CheckpointReader.verify(ckpt));
    }

    @Test
    void aFlippedOptimizerByteIsCaughtToo() throws Exception {
        Path file = ckpt.resolve("optimizer.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= (byte) 0x80;
        Files.write(file, bytes);

        assertExit3(file + ": checksum mismatch (file corrupt)", () -> CheckpointReader.load(runDir, manager));
    }

    @Test
    void truncatedAndMissingTensorFilesAreNamed() throws Exception {
        Path model = ckpt.resolve("model.safetensors");
        long size = Files.size(model);
        CheckpointStoreTest.truncate(model, size - 10);
        assertExit3(model + ": " + (size - 10) + " bytes, but state.json records " + size + " (file truncated",
                () -> CheckpointReader.load(ckpt, manager));

        Path other = store.save(400, this.model, optimizer, CheckpointFixtures.state(1));
        Files.delete(other.resolve("optimizer.safetensors"));
        assertExit3(other.resolve("optimizer.safetensors") + ": missing", () -> CheckpointReader.verify(other));
    }

    @Test
    void missingOrBrokenStateJsonIsNamed() throws Exception {
        Path state = ckpt.resolve("state.json");
        String good = Files.readString(state);

        Files.writeString(state, good.substring(0, good.length() / 2));
        EffitrainException e = assertExit3(state + ": not valid JSON (", () -> CheckpointReader.load(ckpt, manager));
        assertTrue(e.getMessage().contains(" line "), e.getMessage());

        Files.writeString(state, "{\"step\": 300, \"data_position\": 1}");
        assertExit3(state + ": has no \"files\" record", () -> CheckpointReader.load(ckpt, manager));

        Files.writeString(state, good.replace("\"step\": 300", "\"step\": 301"));
        assertExit3(state + ": records step 301 but the directory is step-000300",
                () -> CheckpointReader.load(ckpt, manager));

        Files.writeString(state, "[]");
        assertExit3(state + ": not a JSON object", () -> CheckpointReader.load(ckpt, manager));

        Files.delete(state);
        assertExit3(state + ": missing (checkpoint incomplete)", () -> CheckpointReader.load(ckpt, manager));
    }

    @Test
    void acceptsACheckpointARunOrACheckpointsDirectoryOrAFileInside() {
        Path newer = store.save(400, model, optimizer, CheckpointFixtures.state(888));
        assertEquals(ckpt, CheckpointReader.resolve(ckpt));
        assertEquals(newer, CheckpointReader.resolve(runDir));
        assertEquals(newer, CheckpointReader.resolve(runDir.resolve("checkpoints")));
        assertEquals(ckpt.toAbsolutePath(), CheckpointReader.resolve(ckpt.resolve("model.safetensors")));
        try (Checkpoint latest = CheckpointReader.load(runDir, manager)) {
            assertEquals(400, latest.step());
        }
    }

    @Test
    void resolvesResumeModes() throws Exception {
        Path emptyRun = Files.createDirectories(runDir.resolve("other-run"));
        assertEquals(Optional.empty(), CheckpointReader.resolveResume("never", runDir));
        assertEquals(Optional.empty(), CheckpointReader.resolveResume(null, runDir));
        assertEquals(Optional.empty(), CheckpointReader.resolveResume("auto", emptyRun));
        assertEquals(Optional.of(ckpt), CheckpointReader.resolveResume("auto", runDir));
        Path damagedNewer = store.save(400, model, optimizer, CheckpointFixtures.state(1));
        Files.delete(damagedNewer.resolve("model.safetensors"));
        assertEquals(Optional.of(ckpt), CheckpointReader.resolveResume("auto", runDir), "skips a damaged newer one");
        CheckpointStore.deleteRecursively(damagedNewer);
        assertEquals(Optional.of(ckpt), CheckpointReader.resolveResume(ckpt.toString(), emptyRun));
        assertEquals(Optional.of(ckpt), CheckpointReader.resolveResume(runDir.toString(), emptyRun));

        Path exported = runDir.resolve("exported");
        CheckpointStoreTest.copyDir(ckpt, exported);
        assertEquals(Optional.of(exported), CheckpointReader.resolveResume(exported.toString(), emptyRun),
                "a checkpoint directory need not be named step-*");

        Path missing = runDir.resolve("nope");
        assertExit3(missing + ": no such checkpoint or run directory",
                () -> CheckpointReader.resolveResume(missing.toString(), runDir));
        Files.delete(ckpt.resolve("state.json"));
        assertExit3(ckpt.resolve("state.json") + ": missing",
                () -> CheckpointReader.resolveResume(ckpt.toString(), runDir));
        String noneComplete = runDir.resolve("checkpoints") + ": no complete checkpoint (newest, step-000300, is damaged";
        assertExit3(noneComplete, () -> CheckpointReader.resolveResume("auto", runDir));
        assertExit3(noneComplete, () -> CheckpointReader.resolve(runDir));
        Files.createDirectories(emptyRun.resolve("checkpoints/.tmp-step-000100-ab"));
        assertEquals(Optional.empty(), CheckpointReader.resolveResume("auto", emptyRun), "crashed before any checkpoint");
    }

    @Test
    void describesWithoutLoading() {
        CheckpointSummary summary = CheckpointReader.describe(runDir);
        assertEquals(300, summary.step());
        assertEquals(ckpt, summary.dir());
        assertEquals(3, summary.model().tensors().size());
        assertEquals((16 * 8 + 24 * 8 + 8) * 4, summary.model().dataBytes());
        assertEquals(TensorDtype.U8, summary.optimizer().tensor("tok.weight.exp_avg.codes").orElseThrow().dtype());
        JsonObject files = summary.state().getAsJsonObject("files");
        assertTrue(files.has("model.safetensors"));
    }

    private static EffitrainException assertExit3(String messageStart, Executable action) {
        EffitrainException e = assertThrows(EffitrainException.class, action);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(messageStart), "expected '" + messageStart + "...' got: " + e.getMessage());
        return e;
    }
}
