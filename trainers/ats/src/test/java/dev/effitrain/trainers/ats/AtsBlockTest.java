package dev.effitrain.trainers.ats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.model.Attention;
import dev.effitrain.core.model.BlockSpec;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.model.TransformerBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ALGORITHMS.md §2.4 on one ATS block over a real (random) transformer block. */
class AtsBlockTest {
    private static final int B = 3;
    private static final int N = 17;
    private static final int C = 16;
    private NDManager manager;
    private NDScope scope;
    private ParamStore params;
    private TransformerBlock block;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager(Device.cpu());
        params = new ParamStore(manager);
        block = new TransformerBlock(params, "blocks.0", BlockSpec.vit(C, 2, 32, 0));
        scope = new NDScope();
    }

    @AfterEach
    void tearDown() {
        scope.close();
        params.close();
        manager.close();
    }

    @Test
    void scoresAreNonNegativeAndSumToOneOverPatchTokens() {
        NDArray x = manager.randomNormal(new Shape(B, N, C));
        Attention attn = block.attention();
        Attention.Projections p = attn.project(block.attentionInput(x));
        NDArray cls = attn.weights(p.queries().get(new NDIndex(":, :, 0:1, :")), p.keys(), null);
        NDArray s = SignificanceScores.of(cls, p.values());
        assertEquals(new Shape(B, N - 1), s.getShape());
        for (float v : s.toFloatArray()) {
            assertTrue(v >= 0, "score " + v);
        }
        for (float sum : s.sum(new int[] {1}).toFloatArray()) {
            assertEquals(1f, sum, 1e-5f);
        }
    }

    @Test
    void keptTokensGetThePlainBlockOutputAtTheirPositions() {
        NDArray x = manager.randomNormal(new Shape(B, N, C));
        float[] plain = block.forward(x, null, false).toFloatArray();
        for (int k : new int[] {N, 10}) {
            TokenState in = TokenState.initial(x);
            TokenState out = new AtsBlock(block, k, true).forward(in, false);
            long[] origin = out.origin().toLongArray();
            float[] y = out.tokens().toFloatArray();
            int w = out.width();
            for (int b = 0; b < B; b++) {
                assertTrue(out.kept()[b] <= k, "kept " + out.kept()[b] + " > K " + k);
                assertEquals(0, origin[b * w], "CLS stays in slot 0");
                for (int j = 0; j < out.kept()[b]; j++) {
                    int pos = (int) origin[b * w + j];
                    for (int c = 0; c < C; c++) {
                        assertEquals(plain[(b * N + pos) * C + c], y[(b * w + j) * C + c], 2e-5f,
                                "image " + b + " token " + pos + " channel " + c);
                    }
                }
                for (int j = out.kept()[b]; j < w; j++) {
                    for (int c = 0; c < C; c++) {
                        assertEquals(0f, y[(b * w + j) * C + c], "empty slots are zero");
                    }
                }
            }
        }
    }

    @Test
    void withEmptySlotsKeptTokensStillMatchThePlainBlockOnTheLiveTokens() {
        // image 0 has 5 empty slots; the plain block over its 12 live tokens alone is the reference
        NDArray x = manager.randomNormal(new Shape(1, N, C));
        NDArray origin = manager.arange(0, N, 1, ai.djl.ndarray.types.DataType.INT64).reshape(1, N);
        TokenState in = TokenState.of(x, origin, new int[] {12}, 40);
        TokenState out = new AtsBlock(block, N, true).forward(in, false);
        float[] plain = block.forward(x.get(new NDIndex(":, 0:12, :")), null, false).toFloatArray();
        long[] o = out.origin().toLongArray();
        float[] y = out.tokens().toFloatArray();
        for (int j = 0; j < out.kept()[0]; j++) {
            assertTrue(o[j] < 12, "an empty slot was picked: " + o[j]);
            for (int c = 0; c < C; c++) {
                assertEquals(plain[(int) o[j] * C + c], y[j * C + c], 2e-5f);
            }
        }
    }
}
