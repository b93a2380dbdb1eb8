package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.effitrain.cli.CliTest.Result;
import dev.effitrain.core.config.StandaloneRecipe;
import dev.effitrain.core.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled configs/: each one validates on its own (over the smallest recipe of its family, so a
 * misspelt key or a wrong value in it fails here, not only in the recipes that use it), each is
 * used by some bundled recipe, and each says what it is in a leading comment.
 */
class BundledConfigTest {
    /** The smallest valid GPT and ViT recipes; a config is layered over them (later in extends:, so it wins). */
    private static final List<String> FAMILIES = List.of(
            "train: { duration: 1ba }\n",
            "model: { arch: vit, image_size: 28, patch_size: 4 }\ndata: { source: synthetic-image }\ntrain: { duration: 1ba }\n");

    @TempDir
    Path dir;

    @Test
    void everyConfigValidatesOverTheSmallestRecipeOfItsFamily() throws Exception {
        SampleData.copyBundle(dir);   // the Debian data paths become the samples where the packages are absent
        List<String> configs = Bundle.configs();
        assertTrue(configs.size() >= 5, "configs not found: " + configs);
        for (String config : configs) {
            Path file = dir.resolve(config + ".yaml");
            StringBuilder why = new StringBuilder();
            boolean valid = false;
            for (int f = 0; f < FAMILIES.size() && !valid; f++) {
                Path base = Files.writeString(dir.resolve("family-" + f + ".yaml"), FAMILIES.get(f));
                Path probe = Files.writeString(dir.resolve("probe.yaml"),
                        "extends: [" + base + ", " + file + "]\noutput: " + dir.resolve("runs/probe") + "\n");
                Result r = CliTest.exec("validate", probe.toString());
                valid = r.code() == 0;
                why.append(r.err());
            }
            assertTrue(valid, config + " validates over no recipe family:\n" + why);
        }
    }

    @Test
    void everyConfigIsUsedByABundledRecipeAndDescribed() throws Exception {
        Path root = SampleData.repoRoot();
        Set<Path> used = new HashSet<>();
        for (String recipe : Bundle.recipes()) {
            used.addAll(StandaloneRecipe.sources(root.resolve("recipes").resolve(recipe + ".yaml")));
        }
        for (String config : Bundle.configs()) {
            assertTrue(used.contains(root.resolve(config + ".yaml")), config + " is extended by no bundled recipe");
            String description = RecipesCommand.description(config);
            assertFalse(description.isEmpty(), config + " has no leading comment to describe it");
        }
    }

    @Test
    void recipesListJsonGivesEachEntrysKind() {
        Result r = CliTest.exec("recipes", "list", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, String> kinds = new HashMap<>();
        JsonParser.parseString(r.out()).getAsJsonArray().forEach(e -> kinds.put(
                e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject().get("kind").getAsString()));
        assertEquals("recipe", kinds.get("quickstart"), r.out());
        assertEquals("config", kinds.get("configs/data/fortunes"), r.out());
        assertEquals(Bundle.recipes().size() + Bundle.configs().size(), kinds.size(), r.out());
    }
}
