package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfTokenizerTest {
    /** Byte-level BPE: 256 byte symbols, 11 merges, and an end-of-text special token (id 267). */
    static Path bpeFixture() {
        return fixture("bpe-tokenizer.json");
    }

    static Path fixture(String name) {
        try {
            return Path.of(HfTokenizerTest.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void byteLevelBpeRoundTripsAnyText() {
        try (HfTokenizer tok = HfTokenizer.load(bpeFixture())) {
            assertEquals(268, tok.vocabSize());
            String text = "the cat sat on the mat.\nGrüße, 世界 🙂";
            int[] ids = tok.encode(text);
            assertEquals(text, tok.decode(ids));
            // "h e" and "Ġc at" merge; there is no "t he" merge (only "Ġt he")
            assertArrayEquals(new int[] {'t', 257, 263}, tok.encode("the cat"));
        }
    }

    @Test
    void addsNoSpecialTokens() {
        try (HfTokenizer tok = HfTokenizer.load(bpeFixture())) {
            int[] ids = tok.encode("the cat");
            assertTrue(Arrays.stream(ids).noneMatch(id -> id == 267),
                    "the post-processor's <|endoftext|> must not be added: " + Arrays.toString(ids));
        }
    }

    @Test
    void doesNotTruncateLongText() {
        String text = "the cat sat on the mat. ".repeat(1000);
        try (HfTokenizer tok = HfTokenizer.load(bpeFixture())) {
            int[] ids = tok.encode(text);
            assertTrue(ids.length > 4000, "got " + ids.length + " ids; DJL's default truncates at 512");
            assertEquals(text, tok.decode(ids));
        }
        try (HfTokenizer tok = HfTokenizer.load(fixture("wordlevel-tokenizer.json"))) {
            assertEquals(7000, tok.encode(text).length);   // 7 words per repeat
        }
    }

    @Test
    void wordLevelIdsAndVocabularySize() {
        try (HfTokenizer tok = HfTokenizer.load(fixture("wordlevel-tokenizer.json"))) {
            assertEquals(9, tok.vocabSize());
            assertArrayEquals(new int[] {1, 2, 3, 4, 1, 5, 8, 0}, tok.encode("The cat sat on the mat. zebra"));
        }
    }

    @Test
    void loadsTokenizerJsonFromADirectory(@TempDir Path dir) throws IOException {
        Files.copy(bpeFixture(), dir.resolve("tokenizer.json"));
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(268, tok.vocabSize());
        }
    }

    @Test
    void unreadableTokenizerIsExit3NamingTheFile(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0");
        EffitrainException e = assertThrows(EffitrainException.class, () -> HfTokenizer.load(broken));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());

        Path notATokenizer = Files.writeString(dir.resolve("other.json"), "{\"model\": {\"type\": \"Nope\", \"vocab\": {\"a\": 0}}}");
        e = assertThrows(EffitrainException.class, () -> HfTokenizer.load(notATokenizer));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(notATokenizer.toString()), e.getMessage());
    }

    @Test
    void missingTokenizerIsExit3(@TempDir Path dir) {
        EffitrainException e = assertThrows(EffitrainException.class, () -> HfTokenizer.load(dir.resolve("nope.json")));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("not found"), e.getMessage());
    }
}
