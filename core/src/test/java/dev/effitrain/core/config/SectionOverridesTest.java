package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.ExitCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --set SECTION.KEY=VALUE} for one section, through the recipe's own --set parser. */
class SectionOverridesTest {

    @Test
    void keysUnderTheSectionGetTheirYamlValues() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("mlp_ratio", 2);
        expected.put("dropout", 0.1);
        expected.put("pos_embed", "learned");
        assertEquals(expected, SectionOverrides.of("model",
                List.of("model.mlp_ratio=2", "model.dropout=0.1", "model.pos_embed=learned")));
    }

    @Test
    void everyMalformedArgumentIsOneLineNamingIt() {
        ValidationErrors.RecipeException e = assertThrows(ValidationErrors.RecipeException.class,
                () -> SectionOverrides.of("model", List.of("model.seq_len", "train.duration=2", "model.a.b=1",
                        "model.layers=4")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(3, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith("--set model.seq_len: expected KEY=VALUE"), lines.get(0));
        assertEquals("--set train.duration=2: expected model.KEY=VALUE", lines.get(1));
        assertEquals("--set model.a.b=1: expected model.KEY=VALUE", lines.get(2));
    }
}
