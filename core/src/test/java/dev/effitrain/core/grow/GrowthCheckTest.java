package dev.effitrain.core.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Impossible transitions are refused before any tensor is touched, naming the setting at fault. */
class GrowthCheckTest {
    private static final ModelDims BASE = new ModelDims(ModelDims.Family.GPT, 4, 64, 4, 256, true);

    private static ModelDims dims(int layers, int d, int heads, int mlp) {
        return new ModelDims(ModelDims.Family.GPT, layers, d, heads, mlp, true);
    }

    private static GrowthCheck.Problem only(ModelDims to, GrowthSpec spec) {
        List<GrowthCheck.Problem> p = GrowthCheck.check(BASE, to, spec);
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void validTransitionsPass() {
        assertTrue(GrowthCheck.check(BASE, dims(8, 128, 8, 512), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)).isEmpty());
        assertTrue(GrowthCheck.check(BASE, dims(2, 32, 2, 128), GrowthSpec.of(DepthOp.COALESCE, WidthOp.COALESCE)).isEmpty());
        assertTrue(GrowthCheck.check(BASE, BASE, GrowthSpec.of(DepthOp.COALESCE, WidthOp.COALESCE)).isEmpty(), "no change");
        assertTrue(GrowthCheck.check(dims(0, 64, 4, 256), BASE, GrowthSpec.of(DepthOp.RANDOM, WidthOp.FPI)).isEmpty());
    }

    @Test
    void shrinkingWithAGrowthOperatorIsRefused() {
        GrowthCheck.Problem p = only(dims(2, 64, 4, 256), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertEquals(GrowthCheck.Field.DEPTH, p.field());
        assertTrue(p.message().contains("coalesce"), p.message());
        assertEquals(GrowthCheck.Field.WIDTH, only(dims(4, 32, 2, 128), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)).field());
        assertEquals(GrowthCheck.Field.DEPTH, only(dims(8, 64, 4, 256), GrowthSpec.of(DepthOp.COALESCE, WidthOp.FPI)).field());
    }

    @Test
    void headSizeMustStayAndExactOperatorsNeedWholeFactors() {
        GrowthCheck.Problem heads = only(dims(4, 128, 4, 256), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertTrue(heads.message().contains("needs 8 heads"), heads.message());
        GrowthCheck.Problem factor = only(dims(4, 96, 6, 256), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertTrue(factor.message().contains("not a multiple of 64"), factor.message());
        assertTrue(GrowthCheck.check(BASE, dims(4, 96, 6, 384), GrowthSpec.of(DepthOp.STACK, WidthOp.RANDOM)).isEmpty(),
                "random padding needs no whole factor");
        assertEquals(GrowthCheck.Field.WIDTH, only(dims(4, 64, 4, 384), GrowthSpec.of(DepthOp.STACK, WidthOp.DECOALESCE)).field());
        assertEquals(GrowthCheck.Field.DEPTH, only(dims(3, 64, 4, 256), GrowthSpec.of(DepthOp.COALESCE, WidthOp.COALESCE)).field());
    }

    @Test
    void mixedDirectionsZeroLayerCopiesAndMasksAreChecked() {
        assertEquals(GrowthCheck.Field.MODEL, only(dims(8, 32, 2, 128), GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)).field());
        List<GrowthCheck.Problem> zero = GrowthCheck.check(dims(0, 64, 4, 256), BASE, GrowthSpec.of(DepthOp.STACK, WidthOp.FPI));
        assertEquals(GrowthCheck.Field.DEPTH, zero.get(0).field());
        GrowthSpec maskedFpi = new GrowthSpec(DepthOp.STACK, WidthOp.FPI, LayerGroups.ADJACENT, 0, true);
        assertEquals(GrowthCheck.Field.MASK, only(dims(4, 128, 8, 512), maskedFpi).field());
        GrowthSpec noisy = new GrowthSpec(DepthOp.STACK, WidthOp.FPI, LayerGroups.ADJACENT, -1, false);
        assertEquals(GrowthCheck.Field.NOISE, only(dims(8, 64, 4, 256), noisy).field());
        ModelDims untied = new ModelDims(ModelDims.Family.GPT, 8, 64, 4, 256, false);
        assertEquals(GrowthCheck.Field.MODEL, only(untied, GrowthSpec.of(DepthOp.STACK, WidthOp.FPI)).field());
    }
}
