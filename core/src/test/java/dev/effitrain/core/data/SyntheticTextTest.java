package dev.effitrain.core.data;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticTextTest {

    @Test
    void sameSeedSameTextDifferentSeedDifferentText() {
        String a = SyntheticText.generate(7, 20_000);
        assertEquals(a, SyntheticText.generate(7, 20_000));
        assertNotEquals(a, SyntheticText.generate(8, 20_000));
        assertEquals(a.substring(0, 5_000), SyntheticText.generate(7, 5_000), "a shorter run is a prefix");
    }

    @Test
    void exactSizeAsciiSoOneByteTokenPerCharacter() {
        String text = SyntheticText.generate(1, 12_345);
        assertEquals(12_345, text.length());
        assertTrue(text.chars().allMatch(c -> c < 128), "ASCII only");
        assertEquals(12_345, new ByteTokenizer().encode(text).length);
    }

    @Test
    void readsLikeSentences() {
        String text = SyntheticText.generate(3, 5_000);
        assertTrue(Character.isUpperCase(text.charAt(0)), text.substring(0, 40));
        assertTrue(text.contains(". ") && text.contains("\n"), "sentences and paragraphs");
        assertTrue(text.matches("(?s)[A-Za-z ,.?\\n]+"), "only letters, spaces and punctuation");
    }

    /**
     * Learnable: the next byte given the previous four is far more predictable than log(256) = 5.55
     * nats, the loss of a model that has learnt nothing. A small GPT can approach this n-gram bound.
     */
    @Test
    void nextByteIsPredictableFromAShortContext() {
        String text = SyntheticText.generate(11, 400_000);
        double h = conditionalEntropy(text, 4);
        assertTrue(h < 1.2, "conditional entropy " + h + " nats per byte");
    }

    private static double conditionalEntropy(String text, int context) {
        Map<String, Map<Character, Integer>> counts = new HashMap<>();
        for (int i = context; i < text.length(); i++) {
            counts.computeIfAbsent(text.substring(i - context, i), k -> new HashMap<>()).merge(text.charAt(i), 1, Integer::sum);
        }
        double total = text.length() - context;
        double h = 0;
        for (Map<Character, Integer> next : counts.values()) {
            double n = next.values().stream().mapToInt(Integer::intValue).sum();
            for (int c : next.values()) {
                h -= c / total * Math.log(c / n);
            }
        }
        return h;
    }
}
