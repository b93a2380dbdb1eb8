package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextCorpusTest {
    private final ByteTokenizer bytes = new ByteTokenizer();

    static String text(TokenCorpus corpus) {
        int[] all = new int[(int) corpus.size()];
        corpus.read(0, all);
        return new ByteTokenizer().decode(all);
    }

    @Test
    void readsADirectoryRecursivelyInSortedPathOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("b/sub"));
        Files.writeString(dir.resolve("c.txt"), "C");
        Files.writeString(dir.resolve("b/2.txt"), "B2");
        Files.writeString(dir.resolve("a"), "A");
        Files.writeString(dir.resolve("b/sub/x"), "BX");
        Files.writeString(dir.resolve("b/1.txt"), "B1é");

        TextCorpus.Loaded loaded = TextCorpus.load(dir, bytes);
        assertEquals("AB1éB2BXC", text(loaded.corpus()));
        assertEquals(List.of(dir.resolve("a"), dir.resolve("b/1.txt"), dir.resolve("b/2.txt"), dir.resolve("b/sub/x"),
                dir.resolve("c.txt")), loaded.files());
    }

    @Test
    void skipsBinaryHiddenAndDuplicateLinkedFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("art"), "text");
        Files.createSymbolicLink(dir.resolve("art.u8"), dir.resolve("art"));            // fortunes' layout
        Files.write(dir.resolve("art.dat"), new byte[] {0, 0, 0, 2, (byte) 0x91, 0x41});  // strfile index
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref");
        Files.writeString(dir.resolve(".hidden"), "secret");

        TextCorpus.Loaded loaded = TextCorpus.load(dir, bytes);
        assertEquals("text", text(loaded.corpus()));
        assertEquals(List.of(dir.resolve("art.dat")), loaded.skippedBinary());
    }

    @Test
    void nonUtf8FileIsAnErrorNamingTheFileAndOffset(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("good.txt"), "fine");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "café".getBytes(StandardCharsets.ISO_8859_1));
        EffitrainException e = assertThrows(EffitrainException.class, () -> TextCorpus.load(dir, bytes));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(latin1.toString()) && e.getMessage().contains("byte offset 3"), e.getMessage());
    }

    @Test
    void aSingleBinaryFileIsAnError(@TempDir Path dir) throws IOException {
        Path bin = Files.write(dir.resolve("x.dat"), new byte[] {1, 0, 2});
        EffitrainException e = assertThrows(EffitrainException.class, () -> TextCorpus.load(bin, bytes));
        assertTrue(e.getMessage().contains(bin.toString()) && e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void longTextIsTokenizedInChunksWithoutLoss(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 5_000) {
            sb.append("line ").append(sb.length()).append(" ünïcødé 🙂\n");
        }
        sb.append("🙂".repeat(600));   // a 1200-char run without newlines: cut between, not inside, surrogate pairs
        Path file = Files.writeString(dir.resolve("big.txt"), sb);
        try (HfTokenizer bpe = HfTokenizer.load(HfTokenizerTest.bpeFixture())) {
            TokenCorpus corpus = TextCorpus.load(file, bpe, 1_001).corpus();
            int[] all = new int[(int) corpus.size()];
            corpus.read(0, all);
            assertEquals(sb.toString(), bpe.decode(all));
        }
    }
}
