package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class StandaloneRecipeTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutExtendsIsKeptAsItIs() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "# mine\nname: a   # kept\n");
        assertEquals("# mine\nname: a   # kept\n", StandaloneRecipe.text(f));
    }

    @Test
    void theExtendsChainIsMergedWithTheFilesOwnCommentAndTypesKept() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), "seed: 1\nmodel: { layers: 4, d_model: 128 }\n"
                + "data: { path: 'a, {b}', flag: 'true' }\nlist: [1, 2]\n");
        Files.writeString(dir.resolve("mid.yaml"), "extends: base.yaml\nmodel: { layers: 2 }\n");
        Path child = Files.writeString(dir.resolve("child.yaml"), "# The child.\nextends: mid.yaml\nname: c\noutput: runs/${name}\n");
        String text = StandaloneRecipe.text(child);
        assertTrue(text.startsWith("# The child.\n"), text);
        Map<String, Object> read = new Yaml().load(text);
        assertEquals(Map.of("seed", 1, "model", Map.of("layers", 2, "d_model", 128),
                "data", Map.of("path", "a, {b}", "flag", "true"), "list", List.of(1, 2),
                "name", "c", "output", "runs/${name}"), read);
    }
}
