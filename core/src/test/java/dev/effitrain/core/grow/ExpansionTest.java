package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.checkpoint.Checkpoint;
import dev.effitrain.core.checkpoint.CheckpointReader;
import dev.effitrain.core.checkpoint.CheckpointStore;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Growing a ViT checkpoint through files: function preserved, provenance recorded, bad inputs refused. */
class ExpansionTest {
    private static final ModelConfig VIT = new ModelConfig("vit", 1, 16, 2, 2, 0, 0.0, 128, 0, true, "standard",
            16, 4, 3, 5, "cls", "learned");
    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(13);
        manager = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** A trained-looking ViT checkpoint of VIT's sizes, as effitrain run writes one. */
    private Path vitCheckpoint(ModelConfig recorded) {
        try (ParamStore ps = new ParamStore(manager)) {
            new Vit(ps, VitSpec.of(VIT, 3, 5));
            Models.randomize(ps, manager);
            JsonObject state = new JsonObject();
            state.addProperty("seed", 1);
            state.add("model", new Gson().toJsonTree(recorded));
            return CheckpointStore.open(dir.resolve("run").resolve("checkpoints")).save(40, ps.arrays(), Map.of(), state);
        }
    }

    private NDArray logits(Path checkpoint, VitSpec spec, NDArray images) {
        try (Checkpoint c = CheckpointReader.load(checkpoint, manager)) {
            ParamStore ps = new ParamStore(manager);
            Vit vit = new Vit(ps, spec);
            for (Param p : ps.all()) {
                c.model().get(p.name()).copyTo(p.array());
            }
            return vit.logits(images, false);
        }
    }

    @Test
    void vitWidthAndDepthGrowthRoundTripsThroughFiles() {
        Path source = vitCheckpoint(VIT);
        ExpansionPlan plan = ExpansionPlan.of(dir.resolve("run"), Map.of("layers", 2, "d_model", 32),
                GrowthSpec.of(DepthOp.IDENTITY, WidthOp.FPI));
        assertTrue(plan.problems().isEmpty(), plan.problems().toString());
        assertEquals(4, plan.to().dims().heads(), "head size kept");
        assertTrue(plan.functionPreserving());
        Expansion.Result r = Expansion.run(plan, dir.resolve("grown"), false, 3, List.of("test"), manager);
        try (NDScope scope = new NDScope()) {
            NDArray images = Models.images(manager);
            NDArray before = logits(source, VitSpec.of(VIT, 3, 5), images);
            NDArray after = logits(r.checkpoint(), plan.to().vit(), images);
            assertTrue(Models.maxDiff(before, after) <= 1e-5f);
        }
        JsonObject state = CheckpointReader.describe(r.checkpoint()).state();
        assertEquals(40, state.get("step").getAsLong());
        assertEquals(32, state.getAsJsonObject("model").get("d_model").getAsInt());
        assertEquals(CheckpointReader.describe(source).state().getAsJsonObject("files").getAsJsonObject("model.safetensors")
                .get("sha256"), state.getAsJsonObject("provenance").getAsJsonObject("parent_sha256").get("model.safetensors"));
    }

    @Test
    void aModelRecordThatDoesNotMatchTheTensorsIsBadInput() {
        vitCheckpoint(new ModelConfig("vit", 3, 16, 2, 2, 0, 0.0, 128, 0, true, "standard", 16, 4, 3, 5, "cls", "learned"));
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> ExpansionPlan.of(dir.resolve("run"), Map.of("layers", 4), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void refusedPlansWriteNothing() {
        vitCheckpoint(VIT);
        ExpansionPlan shrink = ExpansionPlan.of(dir.resolve("run"), Map.of("d_model", 8),
                GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertFalse(shrink.problems().isEmpty());
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> Expansion.run(shrink, dir.resolve("out"), false, 0, List.of(), manager));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertFalse(dir.resolve("out").toFile().exists());
    }
}
