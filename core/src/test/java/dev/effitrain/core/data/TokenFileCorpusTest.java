package dev.effitrain.core.data;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFileCorpusTest {

    /** Writes ids as raw little-endian uint16. */
    static Path writeBin(Path file, int... ids) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) {
            b.putShort((short) id);
        }
        return Files.write(file, b.array());
    }

    static Path writeLlmc(Path file, int version, int headerCount, int... ids) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(TokenFileCorpus.LLMC_HEADER_BYTES + ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TokenFileCorpus.LLMC_MAGIC).putInt(version).putInt(headerCount);
        b.position(TokenFileCorpus.LLMC_HEADER_BYTES);
        for (int id : ids) {
            b.putShort((short) id);
        }
        return Files.write(file, b.array());
    }

    private static int[] all(TokenCorpus c) {
        int[] out = new int[(int) c.size()];
        c.read(0, out);
        return out;
    }

    @Test
    void memoryMapRoundTripIncludingIdsAbove32767(@TempDir Path dir) throws IOException {
        int[] ids = {0, 1, 255, 256, 32767, 32768, 50256, 65535, 7};
        TokenFileCorpus c = TokenFileCorpus.open(writeBin(dir.resolve("train.bin"), ids));
        assertEquals(ids.length, c.size());
        assertArrayEquals(ids, all(c));
        assertEquals(65535, c.maxToken());
        int[] part = new int[3];
        c.read(5, part);
        assertArrayEquals(new int[] {32768, 50256, 65535}, part);
    }

    @Test
    void readsAcrossMappedSegmentsAndFiles(@TempDir Path dir) throws IOException {
        int[] first = new int[1001];
        int[] second = new int[77];
        Arrays.setAll(first, i -> i * 7 % 65536);
        Arrays.setAll(second, i -> 60000 + i);
        writeBin(dir.resolve("00.bin"), first);
        writeBin(dir.resolve("01.bin"), second);
        Files.writeString(dir.resolve("README"), "not a .bin: ignored");

        TokenFileCorpus c = TokenFileCorpus.open(dir, 64);   // 32-token segments
        int[] expected = new int[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, all(c));
        int[] window = new int[129];
        c.read(940, window);
        assertArrayEquals(Arrays.copyOfRange(expected, 940, 940 + 129), window);
        assertEquals(2, c.files().size());
    }

    @Test
    void oddLengthIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path odd = Files.write(dir.resolve("bad.bin"), new byte[] {1, 0, 2});
        EffitrainException e = assertThrows(EffitrainException.class, () -> TokenFileCorpus.open(odd));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains(odd.toString()) && e.getMessage().contains("odd length"), e.getMessage());
    }

    @Test
    void llmcHeaderIsReadAndCheckedAgainstTheLength(@TempDir Path dir) throws IOException {
        TokenFileCorpus ok = TokenFileCorpus.open(writeLlmc(dir.resolve("ok.bin"), 1, 3, 10, 20, 30));
        assertArrayEquals(new int[] {10, 20, 30}, all(ok));

        Path truncated = writeLlmc(dir.resolve("truncated.bin"), 1, 5, 10, 20, 30);
        EffitrainException e = assertThrows(EffitrainException.class, () -> TokenFileCorpus.open(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("5 tokens"), e.getMessage());

        Path v2 = writeLlmc(dir.resolve("v2.bin"), 2, 3, 10, 20, 30);
        e = assertThrows(EffitrainException.class, () -> TokenFileCorpus.open(v2));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());

        Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(Files.readAllBytes(dir.resolve("ok.bin")), 100));
        e = assertThrows(EffitrainException.class, () -> TokenFileCorpus.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void directoryWithoutBinFilesIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "x");
        EffitrainException e = assertThrows(EffitrainException.class, () -> TokenFileCorpus.open(dir));
        assertTrue(e.getMessage().contains("no .bin"), e.getMessage());
    }
}
