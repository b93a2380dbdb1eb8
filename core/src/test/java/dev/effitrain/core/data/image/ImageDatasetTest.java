package dev.effitrain.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class ImageDatasetTest {
    @Test
    void subsetKeepsTheGivenOrder() {
        ImageDataset ds = Fixtures.counting(6, 2, 2, 2, 3);
        ImageDataset sub = ds.subset(new int[] {4, 1});
        assertEquals(2, sub.size());
        assertArrayEquals(ds.image(4), sub.image(0));
        assertArrayEquals(ds.image(1), sub.image(1));
        assertEquals(ds.label(4), sub.label(0));
        assertEquals(ds.classNames(), sub.classNames());
    }

    @Test
    void channelConversionReplicatesGreyAndTakesLumaOfRgb() {
        ImageDataset grey = ImageDataset.ofUint8(new byte[] {10, (byte) 200}, new int[] {0}, 1, 1, 2, List.of("a"));
        ImageDataset rgb = grey.withChannels(3);
        assertArrayEquals(new float[] {10 / 255f, 200 / 255f, 10 / 255f, 200 / 255f, 10 / 255f, 200 / 255f},
                rgb.image(0), 1e-6f);
        ImageDataset back = rgb.withChannels(1);
        assertArrayEquals(grey.image(0), back.image(0), 1e-6f);
        ImageDataset colour = ImageDataset.ofFloat(new float[] {1, 0, 0}, new int[] {0}, 3, 1, 1, List.of("a"));
        assertEquals(0.299f, colour.withChannels(1).pixel(0, 0), 1e-6f);
    }

    @Test
    void rejectsInconsistentArraysAndLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.ofUint8(new byte[3], new int[] {0}, 1, 2, 2, List.of("a")));
        assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.ofUint8(new byte[4], new int[] {1}, 1, 2, 2, List.of("a")));
    }
}
