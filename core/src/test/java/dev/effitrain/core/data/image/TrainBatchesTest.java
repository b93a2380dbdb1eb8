package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class TrainBatchesTest {
    private static final ImageDataset DS = Fixtures.counting(10, 1, 3, 3, 4);
    private static final Normalization UNIT = Normalization.identity(1);
    private static final Augmentation AUG = new Augmentation(1, true);

    private static List<ImageBatch> take(TrainBatches loader, int n) {
        List<ImageBatch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(loader.next());
        }
        return out;
    }

    private static void assertSameBatches(List<ImageBatch> a, List<ImageBatch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), b.get(i).indices(), "batch " + i);
            assertArrayEquals(a.get(i).labels(), b.get(i).labels(), "batch " + i);
            assertArrayEquals(a.get(i).images(), b.get(i).images(), "batch " + i);
        }
    }

    @Test
    void epochOrderIsASeededPermutation() {
        int[] a = EpochOrder.shuffled(42, 3, 1000);
        assertArrayEquals(a, EpochOrder.shuffled(42, 3, 1000));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(a, EpochOrder.shuffled(42, 4, 1000)));
        assertFalse(Arrays.equals(a, EpochOrder.shuffled(43, 3, 1000)));
    }

    @Test
    void batchesWalkTheEpochOrderAndDropTheRemainder() {
        try (TrainBatches loader = new TrainBatches(DS, 3, 9, UNIT, Augmentation.NONE, 0, LoaderPosition.start())) {
            assertEquals(3, loader.batchesPerEpoch());
            int[] epoch0 = EpochOrder.shuffled(9, 0, 10);
            int[] epoch1 = EpochOrder.shuffled(9, 1, 10);
            for (int b = 0; b < 3; b++) {
                ImageBatch batch = loader.next();
                assertArrayEquals(Arrays.copyOfRange(epoch0, 3 * b, 3 * b + 3), batch.indices());
                for (int k = 0; k < 3; k++) {
                    assertEquals(DS.label(batch.indices()[k]), batch.labels()[k]);
                    assertArrayEquals(DS.image(batch.indices()[k]), Arrays.copyOfRange(batch.images(), 9 * k, 9 * k + 9));
                }
            }
            // one sample of epoch 0 was left out; the next batch starts epoch 1
            assertEquals(new LoaderPosition(1, 0), loader.position());
            assertArrayEquals(Arrays.copyOfRange(epoch1, 0, 3), loader.next().indices());
            assertEquals(new LoaderPosition(1, 3), loader.position());
        }
    }

    @Test
    void workerCountDoesNotChangeTheBatches() {
        List<List<ImageBatch>> runs = new ArrayList<>();
        for (int workers : new int[] {0, 1, 3}) {
            try (TrainBatches loader = new TrainBatches(DS, 4, 5, UNIT, AUG, workers, LoaderPosition.start())) {
                runs.add(take(loader, 9));
            }
        }
        assertSameBatches(runs.get(0), runs.get(1));
        assertSameBatches(runs.get(0), runs.get(2));
    }

    @Test
    void resumesExactlyFromASavedPositionMidEpoch() {
        List<ImageBatch> full;
        String saved;
        try (TrainBatches loader = new TrainBatches(DS, 3, 11, UNIT, AUG, 2, LoaderPosition.start())) {
            full = take(loader, 4);
            saved = loader.position().toJson();   // mid-epoch 1: (1, 3)
            full.addAll(take(loader, 5));
        }
        assertEquals("{\"epoch\":1,\"index\":3}", saved);
        try (TrainBatches resumed = new TrainBatches(DS, 3, 11, UNIT, AUG, 1, LoaderPosition.fromJson(saved))) {
            assertSameBatches(full.subList(4, 9), take(resumed, 5));
        }
    }

    @Test
    void augmentationIsDeterministicAndDependsOnTheSeed() {
        List<ImageBatch> a;
        List<ImageBatch> b;
        List<ImageBatch> c;
        try (TrainBatches l1 = new TrainBatches(DS, 5, 1, UNIT, AUG, 0, LoaderPosition.start());
             TrainBatches l2 = new TrainBatches(DS, 5, 1, UNIT, AUG, 2, LoaderPosition.start());
             TrainBatches l3 = new TrainBatches(DS, 5, 2, UNIT, AUG, 0, LoaderPosition.start())) {
            a = take(l1, 6);
            b = take(l2, 6);
            c = take(l3, 6);
        }
        assertSameBatches(a, b);
        assertNotEquals(Arrays.toString(a.get(0).images()), Arrays.toString(c.get(0).images()));
    }

    @Test
    void augmentedImagesAreCropsWithZeroPaddingOptionallyMirrored() {
        int pad = 1;
        Set<String> seen = new HashSet<>();
        try (TrainBatches loader = new TrainBatches(DS, 5, 3, UNIT, new Augmentation(pad, true), 0,
                LoaderPosition.start())) {
            for (int b = 0; b < 40; b++) {
                ImageBatch batch = loader.next();
                for (int k = 0; k < batch.size(); k++) {
                    float[] got = Arrays.copyOfRange(batch.images(), 9 * k, 9 * k + 9);
                    String match = matchingTransform(DS.image(batch.indices()[k]), got, 3, 3, pad);
                    assertTrue(match != null, "sample is a padded crop, maybe flipped: " + Arrays.toString(got));
                    seen.add(match);
                }
            }
        }
        // 3×3 offsets × 2 flips, all drawn over 200 samples
        assertEquals(18, seen.size(), seen.toString());
    }

    /** The (dy, dx, flip) for which {@code got} is {@code src} cropped from its zero-padded version, or null. */
    private static String matchingTransform(float[] src, float[] got, int h, int w, int pad) {
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                for (boolean flip : new boolean[] {false, true}) {
                    boolean ok = true;
                    for (int y = 0; y < h && ok; y++) {
                        for (int x = 0; x < w && ok; x++) {
                            int sy = y + dy;
                            int sx = (flip ? w - 1 - x : x) + dx;
                            float expect = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0f : src[sy * w + sx];
                            ok = expect == got[y * w + x];
                        }
                    }
                    if (ok) {
                        return dy + "," + dx + "," + flip;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void evalBatchesAreSequentialUnaugmentedWithAPartialLastBatch() {
        try (EvalBatches eval = new EvalBatches(DS, 4, UNIT, 2, 0)) {
            assertEquals(3, eval.batchCount());
            assertArrayEquals(new int[] {0, 1, 2, 3}, eval.next().indices());
            assertArrayEquals(new int[] {4, 5, 6, 7}, eval.next().indices());
            ImageBatch last = eval.next();
            assertArrayEquals(new int[] {8, 9}, last.indices());
            assertArrayEquals(DS.image(9), Arrays.copyOfRange(last.images(), 9, 18));
            assertFalse(eval.hasNext());
        }
        try (EvalBatches limited = new EvalBatches(DS, 4, UNIT, 0, 2)) {
            assertEquals(2, limited.batchCount());
            assertEquals(8, limited.imageCount());
        }
    }

    @Test
    void batchLargerThanTheDatasetIsAUsageError() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> new TrainBatches(DS, 11, 0, UNIT, AUG, 0, LoaderPosition.start()));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void positionSurvivesJsonRoundTrip() {
        LoaderPosition p = new LoaderPosition(12, 3456);
        assertEquals(p, LoaderPosition.fromJson(p.toJson()));
        assertEquals(p, LoaderPosition.fromJson(p.toJsonObject()));
    }
}
