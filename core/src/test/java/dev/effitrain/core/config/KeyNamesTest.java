package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key spelling, key paths and did-you-mean suggestions. */
class KeyNamesTest {

    @Test
    void componentNamesBecomeSnakeCaseKeys() {
        assertEquals("d_model", KeyPaths.snakeCase("dModel"));
        assertEquals("min_8bit_size", KeyPaths.snakeCase("min8bitSize"));
        assertEquals("decay_norms_and_biases", KeyPaths.snakeCase("decayNormsAndBiases"));
        assertEquals("lr", KeyPaths.snakeCase("lr"));
        assertEquals(List.of("match", "state", "lr", "weight_decay"), Binder.keysOf(OptimizerConfig.ParamOverride.class));
    }

    @Test
    void keyPathsClimbToTheirParents() {
        assertEquals("a.b[2]", KeyPaths.parent("a.b[2].c"));
        assertEquals("a.b", KeyPaths.parent("a.b[2]"));
        assertEquals("a", KeyPaths.parent("a.b"));
        assertEquals("", KeyPaths.parent("a"));
        assertTrue(KeyPaths.isAtOrBelow("model.heads", "model"));
        assertTrue(KeyPaths.isAtOrBelow("a.b[1]", "a.b"));
        assertFalse(KeyPaths.isAtOrBelow("model_x", "model"));
    }

    @Test
    void suggestsCloseSpellingsOnly() {
        List<String> keys = Binder.keysOf(ModelConfig.class);
        assertEquals(Optional.of("layers"), DidYouMean.suggest("layrs", keys));
        assertEquals(Optional.of("layers"), DidYouMean.suggest("lyaers", keys), "adjacent swap");
        assertEquals(Optional.of("d_model"), DidYouMean.suggest("D-MODEL", keys), "case and dashes ignored");
        assertEquals(Optional.of("seq_len"), DidYouMean.suggest("seqLen", keys), "camelCase understood");
        assertEquals(Optional.of("num_classes"), DidYouMean.suggest("num_class", keys));
        assertEquals(Optional.empty(), DidYouMean.suggest("banana", keys));
        assertEquals(Optional.empty(), DidYouMean.suggest("xy", keys));
    }

    @Test
    void messageListsValidKeysWhenNothingIsClose() {
        assertEquals("unknown key; did you mean 'lr'?", DidYouMean.unknown("unknown key", "lt", List.of("lr", "eps")));
        assertEquals("unknown key; valid keys: lr, eps", DidYouMean.unknown("unknown key", "banana", List.of("lr", "eps")));
    }

    @Test
    void distanceCountsEditsAndSwaps() {
        assertEquals(0, DidYouMean.distance("abc", "abc"));
        assertEquals(1, DidYouMean.distance("abc", "acb"));
        assertEquals(1, DidYouMean.distance("abc", "abcd"));
        assertEquals(3, DidYouMean.distance("", "abc"));
    }
}
