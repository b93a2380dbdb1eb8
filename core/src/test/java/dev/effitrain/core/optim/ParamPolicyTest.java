package dev.effitrain.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamPolicyTest {

    @Test
    void globsMatchWholeNamesAcrossDots() {
        assertTrue(ParamPolicy.glob("*.bias").matcher("blocks.0.attn.qkv.bias").matches());
        assertTrue(ParamPolicy.glob("blocks.?.attn.*").matcher("blocks.3.attn.proj.weight").matches());
        assertFalse(ParamPolicy.glob("blocks.?.attn.*").matcher("blocks.12.attn.proj.weight").matches());
        assertFalse(ParamPolicy.glob("tok_emb").matcher("tok_emb.weight").matches());
        assertTrue(ParamPolicy.glob("a+b(c).*").matcher("a+b(c).x").matches()); // regex characters are literal
    }

    @Test
    void laterOverridesWinAndDecayDefaultsFollowTheKind() {
        OptimizerConfig cfg = new OptimizerConfig("adamw8bit", 1e-3, List.of(0.9, 0.999), 1e-8, 0.1, 0, false, false,
                256, 4096, List.of(
                        new OptimizerConfig.ParamOverride("*", null, 2e-3, null),
                        new OptimizerConfig.ParamOverride("tok_emb.*", "32bit", null, 0.01),
                        new OptimizerConfig.ParamOverride("head.*", null, 5e-4, null)));
        ParamPolicy policy = new ParamPolicy(cfg, true);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ParamPolicy.Settings emb = policy.resolve(new Param("tok_emb.weight", Param.Kind.EMBEDDING, m.zeros(new Shape(64, 128))));
            assertEquals(new ParamPolicy.Settings(2.0, 0.01, false), emb);
            ParamPolicy.Settings head = policy.resolve(new Param("head.weight", Param.Kind.WEIGHT, m.zeros(new Shape(64, 128))));
            assertEquals(0.5, head.lrScale(), 1e-12);
            assertEquals(0.1, head.weightDecay(), 0);
            assertTrue(head.quantized());
            ParamPolicy.Settings norm = policy.resolve(new Param("ln.weight", Param.Kind.NORM, m.zeros(new Shape(64))));
            assertEquals(0.0, norm.weightDecay(), 0);
            assertFalse(norm.quantized()); // below min_8bit_size
        }
    }
}
