package dev.effitrain.trainers.mim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.model.VitSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Analytic FLOPs follow the visible-token count (ALGORITHMS.md §3.7: encoder ≈ 1/4 at 75% masking). */
class MaeFlopsTest {
    private static final VitSpec VIT_B = new VitSpec(224, 16, 3, 1000, 12, 768, 12, 3072, 0, true, false);
    private static final MaeConfig MAE = new MaeConfig(MaeConfig.Mode.PRETRAIN, 0.75, true, 512, 8, 16, 1.5e-4, 0, List.of());

    @Test
    void encoderAtSeventyFivePercentMaskingCostsAboutAQuarter() {
        int keep = RandomMasking.keepCount(196, 0.75);
        assertEquals(49, keep);
        double ratio = MaeFlops.encoder(VIT_B, keep + 1) / MaeFlops.encoder(VIT_B, 197);
        // linear parts scale with 50/197 = 0.254; attention's n² part makes it a little less
        assertTrue(ratio > 0.24 && ratio < 0.254, "ratio " + ratio);
        assertEquals(VIT_B.layers() * VIT_B.blockFlops(197), MaeFlops.encoder(VIT_B, 197), 1e-6,
                "same block count as the ViT's own FLOPs");
    }

    @Test
    void trainingFlopsGrowWithVisiblePatchesAndResolution() {
        double masked = MaeFlops.pretrainTraining(VIT_B, MAE, 4, 14, 49);
        double full = MaeFlops.pretrainTraining(VIT_B, MAE, 4, 14, 196);
        double lowRes = MaeFlops.pretrainTraining(VIT_B, MAE, 4, 10, 25);
        assertTrue(masked < full / 2, masked + " vs " + full);
        assertTrue(lowRes < masked);
        assertEquals(3 * MaeFlops.pretrainForward(VIT_B, MAE, 4, 14, 49), masked, 1e-3);
    }

    @Test
    void vitLargeWithEveryPatchInTheEncoderCostsAbout3point3Times() {
        // paper Table 1(c): mask token in the encoder, ViT-L with the 8-block decoder: 3.3x the FLOPs
        VitSpec vitL = new VitSpec(224, 16, 3, 1000, 24, 1024, 16, 4096, 0, true, false);
        double ratio = MaeFlops.pretrainForward(vitL, MAE, 4, 14, 196) / MaeFlops.pretrainForward(vitL, MAE, 4, 14, 49);
        assertTrue(ratio > 3.1 && ratio < 3.5, "ratio " + ratio);
    }
}
