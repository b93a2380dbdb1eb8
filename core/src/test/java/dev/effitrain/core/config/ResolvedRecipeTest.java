package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolved recipe: readable YAML that reloads to an equal recipe from anywhere, and JSON-ready values. */
class ResolvedRecipeTest {

    @TempDir
    Path tmp;

    private Recipe fullRecipe(RecipeFixture fx) {
        fx.write("data/corpus.txt", "hello world");
        fx.write("data/tokenizer.json", "{}");
        fx.write("ckpt/step-000010/state.json", "{}");
        fx.write("configs/base.yaml", "optimizer: { name: adamw8bit, lr: 3e-4 }\n");
        fx.write("recipes/full.yaml", """
                extends: ../configs/base.yaml
                name: full
                trainer: staged
                init_from: ../ckpt/step-000010
                output: runs/${name}-${model.layers}
                model: { layers: 4, d_model: 64, heads: 2 }
                data: { source: text, path: ../data/corpus.txt, tokenizer: ../data/tokenizer.json }
                optimizer:
                  overrides: [{ match: 'embed.*', state: 32bit }]
                schedule: { name: wsd, warmup: 10ba, decay: 0.1dur }
                train: { duration: 1e5tok, eval_every: 50ba }
                staged:
                  teacher: ../ckpt
                  stages:
                    - { until: 0.5dur, model: { layers: 4, dropout: 0.1 }, grow: stack }
                """);
        return fx.load("recipes/full.yaml", "seed=9", "optimizer.betas[1]=0.99");
    }

    @Test
    void reloadingTheResolvedYamlFromTheRunDirectoryGivesAnEqualRecipe() throws Exception {
        RecipeFixture fx = new RecipeFixture(tmp);
        Recipe first = fullRecipe(fx);
        Path runDir = Files.createDirectories(tmp.resolve("elsewhere/runs/full-4"));
        Path saved = Files.writeString(runDir.resolve("recipe.yaml"), first.resolvedYaml());

        Recipe second = RecipeLoader.load(saved, List.of(), TestTrainers.ALL);
        assertEquals(runDir, second.baseDir());
        assertEquals(withBaseDir(first, runDir), second);
        assertEquals(first.resolvedYaml(), second.resolvedYaml(), "resolving is idempotent");
    }

    @Test
    void pathsAreAbsoluteAndOutputIsSubstituted() {
        Recipe r = fullRecipe(new RecipeFixture(tmp));
        Map<String, Object> map = ResolvedRecipe.toMap(r);
        assertEquals(tmp.resolve("data/corpus.txt").toString(), ((Map<?, ?>) map.get("data")).get("path"));
        assertEquals(tmp.resolve("data/tokenizer.json").toString(), ((Map<?, ?>) map.get("data")).get("tokenizer"));
        assertEquals(tmp.resolve("ckpt/step-000010").toString(), map.get("init_from"));
        assertEquals(tmp.resolve("ckpt").toString(), ((Map<?, ?>) map.get("staged")).get("teacher"));
        assertEquals("runs/full-4", map.get("output"));
    }

    @Test
    void keysComeInAStableReadableOrder() {
        Recipe r = fullRecipe(new RecipeFixture(tmp));
        Map<String, Object> map = ResolvedRecipe.toMap(r);
        assertEquals(List.of("name", "trainer", "seed", "device", "output", "init_from", "model", "data", "optimizer",
                "schedule", "train", "staged"), List.copyOf(map.keySet()));
        assertEquals(Binder.keysOf(ModelConfig.class), List.copyOf(((Map<?, ?>) map.get("model")).keySet()));
        String yaml = r.resolvedYaml();
        assertTrue(yaml.startsWith("# Resolved effitrain recipe"), yaml);
        assertTrue(yaml.contains("\nmodel:\n  arch: gpt\n  layers: 4\n  d_model: 64\n"), yaml);
        assertTrue(yaml.contains("  betas: [0.9, 0.99]\n"), "lists of scalars inline:\n" + yaml);
        assertTrue(yaml.contains("  overrides:\n    - match: embed.*\n      state: 32bit\n"), "block lists of mappings:\n" + yaml);
        assertTrue(yaml.contains("  duration: 100000tok\n"), yaml);
        assertTrue(yaml.contains("  warmup: 10ba\n"), yaml);
        assertTrue(yaml.contains("init_from: " + tmp.resolve("ckpt/step-000010")), yaml);
        assertTrue(yaml.contains("\nseed: 9\n"), yaml);
    }

    @Test
    void plainValuesSerialiseToJson() {
        Recipe r = fullRecipe(new RecipeFixture(tmp));
        String json = new Gson().toJson(ResolvedRecipe.toMap(r));
        assertTrue(json.startsWith("{\"name\":\"full\",\"trainer\":\"staged\",\"seed\":9,"), json);
        assertTrue(json.contains("\"betas\":[0.9,0.99]"), json);
        assertTrue(json.contains("\"until\":\"0.5dur\""), json);
        assertTrue(json.contains("\"grow\":\"stack\""), json);
    }

    @Test
    void toYamlMatchesTheRecipesResolvedYaml() {
        Recipe r = fullRecipe(new RecipeFixture(tmp));
        assertEquals(r.resolvedYaml(), ResolvedRecipe.toYaml(r));
    }

    private static Recipe withBaseDir(Recipe r, Path baseDir) {
        return new Recipe(r.name(), r.trainer(), r.seed(), r.device(), r.output(), r.initFrom(), r.model(), r.data(),
                r.optimizer(), r.schedule(), r.train(), r.sections(), r.resolvedYaml(), baseDir);
    }
}
