package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class SyntheticImagesTest {
    @Test
    void sameSeedSameImagesDifferentSeedDifferentImages() {
        ImageDataset a = SyntheticImages.generate(0, 50, 16, 1, 7);
        ImageDataset b = SyntheticImages.generate(0, 50, 16, 1, 7);
        ImageDataset c = SyntheticImages.generate(0, 50, 16, 1, 8);
        assertArrayEquals(a.uint8Pixels(), b.uint8Pixels());
        assertArrayEquals(a.labelArray(), b.labelArray());
        assertFalse(Arrays.equals(a.uint8Pixels(), c.uint8Pixels()));
    }

    @Test
    void imageDependsOnlyOnSeedAndIndex() {
        ImageDataset all = SyntheticImages.generate(0, 30, 12, 3, 1);
        ImageDataset tail = SyntheticImages.generate(20, 10, 12, 3, 1);
        int ppi = all.pixelsPerImage();
        assertArrayEquals(Arrays.copyOfRange(all.uint8Pixels(), 20 * ppi, 30 * ppi), tail.uint8Pixels());
        assertArrayEquals(Arrays.copyOfRange(all.labelArray(), 20, 30), tail.labelArray());
    }

    @Test
    void everyClassAppearsAndShapesContrastWithBackground() {
        ImageDataset ds = SyntheticImages.generate(0, 800, 28, 1, 3);
        assertEquals(SyntheticImages.CLASSES, ds.classNames());
        for (int count : ds.classCounts()) {
            assertTrue(count > 60 && count < 140, "roughly balanced: " + Arrays.toString(ds.classCounts()));
        }
        for (int i = 0; i < 20; i++) {
            float min = 1;
            float max = 0;
            for (int p = 0; p < ds.pixelsPerImage(); p++) {
                min = Math.min(min, ds.pixel(i, p));
                max = Math.max(max, ds.pixel(i, p));
            }
            assertTrue(max - min > 0.3f, "image " + i + " has a visible shape");
        }
    }

    @Test
    void rejectsTooSmallImagesAndOddChannelCounts() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(0, 1, 4, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(0, 1, 16, 2, 0));
    }
}
