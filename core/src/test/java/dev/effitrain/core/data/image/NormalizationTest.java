package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class NormalizationTest {
    /** Direct two-pass mean and population std of one channel. */
    private static double[] stats(ImageDataset ds, int c) {
        int hw = ds.height() * ds.width();
        double sum = 0;
        for (int i = 0; i < ds.size(); i++) {
            for (int p = 0; p < hw; p++) {
                sum += ds.pixel(i, c * hw + p);
            }
        }
        double n = (double) ds.size() * hw;
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < ds.size(); i++) {
            for (int p = 0; p < hw; p++) {
                double d = ds.pixel(i, c * hw + p) - mean;
                sq += d * d;
            }
        }
        return new double[] {mean, Math.sqrt(sq / n)};
    }

    @Test
    void perChannelStatisticsMatchADirectComputation() {
        ImageDataset ds = Fixtures.counting(37, 3, 5, 4, 2);
        Normalization n = Normalization.compute(ds);
        for (int c = 0; c < 3; c++) {
            double[] s = stats(ds, c);
            assertEquals(s[0], n.mean()[c], 1e-6);
            assertEquals(s[1], n.std()[c], 1e-6);
        }
        float[] asFloat = new float[ds.size() * ds.pixelsPerImage()];
        for (int i = 0; i < ds.size(); i++) {
            System.arraycopy(ds.image(i), 0, asFloat, i * ds.pixelsPerImage(), ds.pixelsPerImage());
        }
        ImageDataset floats = ImageDataset.ofFloat(asFloat, ds.labelArray(), 3, 5, 4, ds.classNames());
        Normalization nf = Normalization.compute(floats);
        assertArrayEquals(n.mean(), nf.mean(), 1e-6f);
        assertArrayEquals(n.std(), nf.std(), 1e-6f);
    }

    @Test
    void normalisedBatchesHaveZeroMeanAndUnitStd() {
        ImageDataset ds = SyntheticImages.generate(0, 64, 12, 3, 4);
        Normalization n = Normalization.compute(ds);
        try (EvalBatches all = new EvalBatches(ds, 64, n, 0, 0)) {
            float[] px = all.next().images();
            int hw = 144;
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < 64; i++) {
                    for (int p = 0; p < hw; p++) {
                        double v = px[(i * 3 + c) * hw + p];
                        sum += v;
                        sq += v * v;
                    }
                }
                double mean = sum / (64 * hw);
                assertEquals(0, mean, 1e-4);
                assertEquals(1, Math.sqrt(sq / (64 * hw) - mean * mean), 1e-4);
            }
        }
    }

    @Test
    void identityLeavesPixelsInUnitRangeAndConstantChannelGetsUnitStd() {
        ImageDataset flat = ImageDataset.ofUint8(new byte[] {51, 51, 51, 51}, new int[] {0}, 1, 2, 2, List.of("a"));
        Normalization n = Normalization.compute(flat);
        assertEquals(0.2f, n.mean()[0], 1e-6f);
        assertEquals(1f, n.std()[0]);
        try (EvalBatches b = new EvalBatches(flat, 1, Normalization.identity(1), 0, 0)) {
            assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.2f}, b.next().images(), 1e-6f);
        }
    }
}
