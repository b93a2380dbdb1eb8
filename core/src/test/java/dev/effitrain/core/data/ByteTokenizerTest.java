package dev.effitrain.core.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteTokenizerTest {
    private final ByteTokenizer tok = new ByteTokenizer();

    @Test
    void roundTripsMultiByteUtf8() {
        String text = "Grüße, 世界! 🙂 tab\tnewline\n";
        int[] ids = tok.encode(text);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, ids.length);
        for (int id : ids) {
            assertTrue(id >= 0 && id < 256, "id " + id);
        }
        assertEquals(text, tok.decode(ids));
        assertEquals(256, tok.vocabSize());
    }

    @Test
    void asciiIsOneTokenPerCharacter() {
        assertArrayEquals(new int[] {104, 105}, tok.encode("hi"));
        assertArrayEquals(new int[] {0xC3, 0xA9}, tok.encode("é"));
    }

    @Test
    void decodingACutCharacterGivesAReplacementCharacterNotAnError() {
        int[] ids = tok.encode("a世");
        int[] cut = {ids[0], ids[1], ids[2]};
        assertEquals("a\uFFFD", tok.decode(cut));
    }

    @Test
    void refusesIdsOutsideTheByteRange() {
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {256}));
    }
}
