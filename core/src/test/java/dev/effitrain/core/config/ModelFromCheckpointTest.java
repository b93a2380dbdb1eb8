package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe without model: takes the init_from checkpoint's; one that gives a different one is refused. */
class ModelFromCheckpointTest {
    private static final String VIT_STATE = """
            {"format_version": 1, "step": 40, "model": {"arch": "vit", "layers": 3, "dModel": 64, "heads": 4,
             "mlpRatio": 4, "mlpHidden": 0, "dropout": 0.0, "seqLen": 128, "vocabSize": 0, "tieEmbeddings": true,
             "embedding": "standard", "imageSize": 32, "patchSize": 8, "channels": 0, "numClasses": 0,
             "pool": "mean", "posEmbed": "learned"},
             "files": {"model.safetensors": {"bytes": 1, "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "optimizer.safetensors": {"bytes": 1, "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}}
            """;

    private static final String IMAGES = "data: { source: synthetic-image }\n" + RecipeFixture.MINIMAL;

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new RecipeFixture(tmp);
        Path ckpt = tmp.resolve("run/checkpoints/step-000040");
        Files.createDirectories(ckpt);
        writeCheckpoint(ckpt, VIT_STATE);
    }

    /** A checkpoint complete enough to be found (tensor files of the recorded size; not loaded here). */
    private static void writeCheckpoint(Path dir, String state) throws Exception {
        Files.writeString(dir.resolve("state.json"), state);
        Files.writeString(dir.resolve("model.safetensors"), "x");
        Files.writeString(dir.resolve("optimizer.safetensors"), "x");
    }

    @Test
    void aRecipeWithoutModelTakesTheCheckpointsFromARunDirectory() {
        ModelConfig m = fx.loadText("init_from: run\n" + IMAGES).model();
        assertEquals("vit", m.arch());
        assertEquals(3, m.layers());
        assertEquals(64, m.dModel());
        assertEquals(8, m.patchSize());
        assertEquals("mean", m.pool());
    }

    @Test
    void modelCheckpointAndSetsOnTop() {
        ModelConfig m = fx.loadText("init_from: run/checkpoints/step-000040\nmodel: checkpoint\n" + IMAGES,
                "model.dropout=0.1").model();
        assertEquals(3, m.layers());
        assertEquals(0.1, m.dropout());
        ModelConfig viaSet = fx.loadText("model: { arch: gpt, layers: 9 }\n" + IMAGES,
                "init_from=" + tmp.resolve("run"), "model=checkpoint").model();
        assertEquals(3, viaSet.layers(), "--set model=checkpoint replaces the file's model");
        assertEquals("vit", viaSet.arch());
    }

    @Test
    void snakeCaseStateFilesReadTheSame() throws Exception {
        Path ckpt = tmp.resolve("snake/step-000001");
        Files.createDirectories(ckpt);
        writeCheckpoint(ckpt, VIT_STATE.replace("dModel", "d_model").replace("patchSize", "patch_size"));
        ModelConfig m = fx.loadText("init_from: snake/step-000001\n" + IMAGES).model();
        assertEquals(64, m.dModel());
        assertEquals(64, ModelFromCheckpoint.of(ckpt).dModel());
        assertEquals(8, ModelFromCheckpoint.of(ckpt).patchSize());
    }

    @Test
    void modelCheckpointWithoutInitFromIsAnError() {
        var problems = fx.problemsOf("model: checkpoint\n" + IMAGES);
        assertProblem(problems, "x.yaml", 1, "model", "init_from is not set");
    }

    @Test
    void aDifferentModelIsRefusedNamingTheFirstDifferingKey() {
        Recipe r = fx.loadText("init_from: run\nmodel: { arch: vit, layers: 6, d_model: 64, heads: 4, image_size: 32, "
                + "patch_size: 8 }\n" + IMAGES);
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> ModelFromCheckpoint.requireAgreement(r.model(), r.resolvePath(r.initFrom())));
        assertEquals(2, e.exitCode().code());
        assertTrue(e.getMessage().contains("model.layers: the checkpoint has 3, the recipe 6"), e.getMessage());
        ModelConfig same = fx.loadText("init_from: run\n" + IMAGES).model();
        assertNull(ModelFromCheckpoint.firstDifference(same, ModelFromCheckpoint.of(tmp.resolve("run"))));
    }
}
