package dev.effitrain.core.data.image;

import static dev.effitrain.core.data.image.Fixtures.assertBadInput;
import static dev.effitrain.core.data.image.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

class CifarReaderTest {
    @TempDir
    Path dir;

    /** Records whose label is {@code labels[r]} and whose pixel (c, p) is (r + 3c + p) mod 256. */
    private static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * CifarReader.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int at = r * CifarReader.RECORD_BYTES;
            b[at] = (byte) labels[r];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    b[at + 1 + c * 1024 + p] = (byte) (r + 3 * c + p);
                }
            }
        }
        return b;
    }

    @Test
    void parsesRecordsAsChannelPlanes() throws IOException {
        write(dir.resolve("data_batch_1.bin"), records(3, 9));
        write(dir.resolve("data_batch_2.bin"), records(0));
        write(dir.resolve("test_batch.bin"), records(5, 6, 7));
        TrainTestSplit split = CifarReader.readDirectory(dir);
        ImageDataset train = split.train();
        assertEquals(3, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.imageSize());
        assertEquals(CifarReader.CLASSES, train.classNames());
        assertEquals(3, train.label(0));
        assertEquals(9, train.label(1));
        assertEquals(0, train.label(2));
        // record 1, green plane (c = 1), pixel 40 → (1 + 3 + 40) / 255
        assertEquals(44 / 255f, train.pixel(1, 1024 + 40), 0f);
        // record 0 of the second file
        assertEquals(3 * 2 / 255f, train.pixel(2, 2048), 0f);
        assertEquals(3, split.test().size());
        assertEquals(7, split.test().label(2));
    }

    @Test
    void readsClassNamesFromMetaAndDescendsIntoArchiveFolder() throws IOException {
        Path inner = dir.resolve(CifarReader.ARCHIVE_FOLDER);
        write(inner.resolve("data_batch_1.bin"), records(0, 1));
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(inner.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n",
                StandardCharsets.UTF_8);
        TrainTestSplit split = CifarReader.readDirectory(dir);
        assertEquals(names, split.train().classNames());
        assertNull(split.test());
    }

    @Test
    void shortRecordNamesFileAndRecord() throws IOException {
        byte[] full = records(1, 2, 3);
        Path file = write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(full, full.length - 100));
        assertBadInput(() -> CifarReader.readDirectory(dir), file.toString(), "short record", "record 2 is truncated");
    }

    @Test
    void labelOutsideClassesIsReported() throws IOException {
        Path file = write(dir.resolve("data_batch_1.bin"), records(1, 10));
        assertBadInput(() -> CifarReader.readDirectory(dir), file.toString(), "record 1 has label 10");
    }

    @Test
    void missingBatchesSayWhereItLooked() {
        assertBadInput(() -> CifarReader.readDirectory(dir.resolve("nope")), "nope", "no such directory",
                "data_batch_1.bin");
        assertBadInput(() -> CifarReader.readDirectory(dir), dir.toString(), "no CIFAR-10 training batches");
    }
}
