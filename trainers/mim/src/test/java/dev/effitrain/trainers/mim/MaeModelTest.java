package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.Vit;
import dev.effitrain.core.model.VitSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaeModelTest extends TensorTest {
    private static final VitSpec SPEC = new VitSpec(16, 4, 3, 10, 2, 32, 4, 64, 0, true, false);
    private static final MaeConfig MAE = new MaeConfig(MaeConfig.Mode.PRETRAIN, 0.75, true, 16, 1, 2, null, 0, List.of());

    @Test
    void encoderTensorsCarryTheVitClassifiersNamesAndShapesWithoutItsHead() {
        try (ParamStore mae = new ParamStore(manager); ParamStore vit = new ParamStore(manager)) {
            new MaeModel(mae, SPEC, MAE, 4);
            new Vit(vit, SPEC);
            Map<String, Shape> expected = new LinkedHashMap<>();
            for (Param p : vit.all()) {
                if (!p.name().startsWith("head.")) {
                    expected.put(p.name(), p.array().getShape());
                }
            }
            Map<String, Shape> encoder = new LinkedHashMap<>();
            for (Param p : mae.all()) {
                if (!p.name().startsWith("decoder_") && !p.name().equals("mask_token")) {
                    encoder.put(p.name(), p.array().getShape());
                }
            }
            assertEquals(expected, encoder);
            assertEquals(new Shape(32, 3, 4, 4), mae.get("patch_embed.proj.weight").array().getShape());
            for (String name : List.of("decoder_embed.weight", "decoder_embed.bias", "mask_token", "decoder_blocks.0.attn.qkv.weight",
                    "decoder_blocks.0.mlp.fc2.bias", "decoder_norm.weight", "decoder_pred.weight", "decoder_pred.bias")) {
                assertTrue(mae.contains(name), name);
            }
            assertEquals(new Shape(1, 1, 16), mae.get("mask_token").array().getShape());
            assertEquals(new Shape(48, 16), mae.get("decoder_pred.weight").array().getShape(), "p*p*C outputs");
            assertTrue(!mae.contains("pos_embed") && !mae.contains("decoder_pos_embed"), "fixed sin-cos tables are not parameters");
        }
    }

    @Test
    void predictionsDoNotDependOnRemovedPatchesAndEveryPartGetsGradients() {
        try (ParamStore ps = new ParamStore(manager)) {
            MaeModel model = new MaeModel(ps, SPEC, MAE, 4);
            NDArray images = manager.randomNormal(new Shape(2, 3, 16, 16));
            NDArray noise = manager.randomUniform(0f, 1f, new Shape(2, 16));
            MaeModel.Output a = model.forward(images, noise, 4, false);
            assertEquals(new Shape(2, 16, 48), a.pred().getShape());
            // find a removed patch of sample 0 and scribble over its pixels
            float[] mask = a.mask().toFloatArray();
            int removed = 0;
            while (mask[removed] < 0.5f) {
                removed++;
            }
            int row = removed / 4;
            int col = removed % 4;
            NDArray changed = images.duplicate();
            changed.set(new NDIndex("0, :, {}:{}, {}:{}", row * 4, row * 4 + 4, col * 4, col * 4 + 4), 7f);
            MaeModel.Output b = model.forward(changed, noise, 4, false);
            assertArrayEquals(a.pred().toFloatArray(), b.pred().toFloatArray(), 1e-6f,
                    "the encoder never sees removed patches");
            // a visible patch does change the predictions
            int visible = 0;
            while (mask[visible] > 0.5f) {
                visible++;
            }
            NDArray other = images.duplicate();
            other.set(new NDIndex("0, :, {}:{}, {}:{}", visible / 4 * 4, visible / 4 * 4 + 4, visible % 4 * 4, visible % 4 * 4 + 4), 7f);
            assertTrue(model.forward(other, noise, 4, false).pred().sub(a.pred()).abs().max().getFloat() > 1e-3f);

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(images, noise, 4, true).loss());
            }
            for (String name : List.of("patch_embed.proj.weight", "cls_token", "blocks.1.mlp.fc2.weight", "norm.weight",
                    "decoder_embed.weight", "mask_token", "decoder_blocks.0.attn.qkv.weight", "decoder_pred.bias")) {
                float g = ps.get(name).array().getGradient().abs().sum().getFloat();
                assertTrue(g > 0 && Float.isFinite(g), name + " gradient " + g);
            }
        }
    }

    @Test
    void runsAtASmallerGridAndWithNothingMasked() {
        try (ParamStore ps = new ParamStore(manager)) {
            MaeModel model = new MaeModel(ps, SPEC, MAE, 4);
            NDArray small = manager.randomNormal(new Shape(2, 3, 12, 12));
            MaeModel.Output o = model.forward(small, model.noise(small), RandomMasking.keepCount(9, 0.75), true);
            assertEquals(new Shape(2, 9, 48), o.pred().getShape());
            assertEquals(2 * (9 - 2), o.mask().sum().getFloat(), 0f);
            NDArray images = manager.randomNormal(new Shape(2, 3, 16, 16));
            MaeModel.Output all = model.forward(images, model.noise(images), 16, false);
            assertEquals(0f, all.mask().sum().getFloat(), 0f);
            assertEquals(MaeLoss.mse(all.pred(), all.targets()).getFloat(), all.loss().getFloat(), 1e-6f,
                    "with nothing masked every patch counts");
        }
    }
}
