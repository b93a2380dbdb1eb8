package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.DataConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDataTest {
    static final Path FORTUNES = Path.of("/usr/share/games/fortunes");

    static DataConfig cfg(String source, String path, String tokenizer, double valFraction, long syntheticSize) {
        return new DataConfig(source, path, tokenizer, valFraction, 0, syntheticSize, false, 0, false);
    }

    @Test
    void syntheticTextIsDeterministicAndSplitIntoATailForValidation() {
        try (TextData a = TextData.open(cfg("synthetic-text", null, "bytes", 0.1, 50_000), 64, 5, null);
             TextData b = TextData.open(cfg("synthetic-text", null, "bytes", 0.1, 50_000), 64, 5, null)) {
            assertEquals(256, a.vocabSize());
            assertInstanceOf(ByteTokenizer.class, a.tokenizer());
            assertEquals(50_000, a.corpus().size());
            assertArrayEquals(a.train().sequentialBatch(3, 4).inputs(), b.train().sequentialBatch(3, 4).inputs());
            LmDataset train = a.train();
            LmDataset val = a.validation().orElseThrow();
            assertEquals(45_000, train.end());
            assertEquals(45_000, val.start(), "validation is the contiguous tail");
            assertEquals(50_000, val.end());
            assertEquals((45_000 - 1) / 64, train.numWindows());
            assertEquals((5_000 - 1) / 64, val.numWindows());
        }
    }

    @Test
    void splitsDoNotOverlap() {
        try (TextData d = TextData.open(cfg("synthetic-text", null, "bytes", 0.2, 10_000), 32, 1, null)) {
            LmDataset train = d.train();
            LmDataset val = d.validation().orElseThrow();
            // windows of seq_len + 1 tokens never read past their split: the last training window ends
            // at or before the first validation token
            long lastTrainEnd = train.start() + (train.numWindows() - 1) * 32 + 33;
            assertTrue(lastTrainEnd <= val.start(), lastTrainEnd + " > " + val.start());
            assertTrue(val.start() + val.numWindows() * 32 + 1 <= val.end());
        }
    }

    @Test
    void noValidationWhenValFractionIsZero() {
        try (TextData d = TextData.open(cfg("synthetic-text", null, "bytes", 0, 0), 128, 1, null)) {
            assertFalse(d.validation().isPresent());
            assertEquals(SyntheticText.DEFAULT_SIZE, d.corpus().size());
        }
    }

    @Test
    void textPathIsResolvedAgainstTheRecipeDirectoryAndCanUseAHuggingFaceTokenizer(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/a.txt"), "the cat sat on the mat. ".repeat(50));
        Files.copy(HfTokenizerTest.bpeFixture(), dir.resolve("tokenizer.json"));
        try (TextData d = TextData.open(cfg("text", "corpus", "tokenizer.json", 0.1, 0), 8, 1, dir)) {
            assertEquals(268, d.vocabSize());
            assertInstanceOf(HfTokenizer.class, d.tokenizer());
            int[] all = new int[(int) d.corpus().size()];
            d.corpus().read(0, all);
            assertEquals("the cat sat on the mat. ".repeat(50), d.tokenizer().decode(all));
        }
    }

    @Test
    void missingPathNamesTheAbsolutePathAndHowToGetFortunes(@TempDir Path dir) {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("text", "nowhere", "bytes", 0.1, 0), 8, 1, dir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("data.path: " + dir.resolve("nowhere") + " not found", e.getMessage());

        e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("text", "/usr/share/games/fortunes/no-such-file", "bytes", 0.1, 0), 8, 1, dir));
        assertTrue(e.getMessage().startsWith("data.path: /usr/share/games/fortunes/no-such-file not found")
                && e.getMessage().contains("apt-get install fortunes"), e.getMessage());
    }

    @Test
    void emptyAndTooShortCorporaSayWhatIsMissing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("empty.txt"), "");
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("text", "empty.txt", "bytes", 0.1, 0), 8, 1, dir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("no tokens"), e.getMessage());

        Files.writeString(dir.resolve("short.txt"), "x".repeat(100));
        e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("text", "short.txt", "bytes", 0.1, 0), 128, 1, dir));
        assertTrue(e.getMessage().contains("100 tokens") && e.getMessage().contains("seq_len + 1 = 129"), e.getMessage());

        e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("text", "short.txt", "bytes", 0.05, 0), 16, 1, dir));
        assertTrue(e.getMessage().contains("holds out 5") && e.getMessage().contains("seq_len + 1 = 17"), e.getMessage());
    }

    @Test
    void tokenFilesMustFitTheTokenizersVocabulary(@TempDir Path dir) throws IOException {
        TokenFileCorpusTest.writeBin(dir.resolve("train.bin"), new int[] {1, 2, 300, 4, 5, 6, 7, 8, 9, 10});
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("tokens", "train.bin", "bytes", 0, 0), 4, 1, dir));
        assertTrue(e.getMessage().contains("token id 300") && e.getMessage().contains("256"), e.getMessage());

        Files.copy(HfTokenizerTest.bpeFixture(), dir.resolve("tokenizer.json"));
        TokenFileCorpusTest.writeBin(dir.resolve("train.bin"), new int[] {1, 2, 260, 4, 5, 6, 7, 8, 9, 10});
        try (TextData d = TextData.open(cfg("tokens", "train.bin", "tokenizer.json", 0, 0), 4, 1, dir)) {
            assertEquals(2, d.train().numWindows());
            assertArrayEquals(new int[] {1, 2, 260, 4}, d.train().batch(new int[] {0}).inputs());
        }
    }

    @Test
    void unknownSourceIsAUsageError() {
        EffitrainException e = assertThrows(EffitrainException.class,
                () -> TextData.open(cfg("cifar10", "x", "bytes", 0, 0), 8, 1, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void readsDebianFortunesSkippingTheBinaryIndexes() {
        Assumptions.assumeTrue(Files.isDirectory(FORTUNES),
                "skipped: " + FORTUNES + " is absent (apt-get install fortunes)");
        TextCorpus.Loaded loaded = TextCorpus.load(FORTUNES, new ByteTokenizer());
        assertTrue(loaded.files().size() >= 10, "text files: " + loaded.files().size());
        assertTrue(loaded.files().stream().noneMatch(f -> f.toString().endsWith(".dat") || f.toString().endsWith(".u8")),
                "no .dat indexes, no .u8 duplicates");
        assertTrue(loaded.skippedBinary().stream().allMatch(f -> f.toString().endsWith(".dat")));
        assertTrue(loaded.corpus().size() > 1_000_000, "tokens: " + loaded.corpus().size());
        try (TextData d = TextData.open(cfg("text", FORTUNES.toString(), "bytes", 0.05, 0), 128, 1, null)) {
            assertEquals(loaded.corpus().size(), d.corpus().size());
            assertTrue(d.train().numWindows() > 10_000);
        }
    }
}
