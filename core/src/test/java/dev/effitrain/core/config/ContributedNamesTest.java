package dev.effitrain.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.arch and data.source are open: a trainer module adds names, for its own recipes. */
class ContributedNamesTest {

    /** A plugin-like module that builds its own model from its own data. */
    static final TrainerModule SPIRALS = new TrainerModule() {
        @Override
        public String name() {
            return "spirals";
        }

        @Override
        public String description() {
            return "test module";
        }

        @Override
        public Set<String> architectures() {
            return Set.of("mlp", "gpt");   // gpt is built in: it stays the built-in one
        }

        @Override
        public Set<String> dataSources() {
            return Set.of("two-spirals");
        }

        @Override
        public void run(Recipe recipe, RunContext context) {
        }
    };

    static final Map<String, TrainerModule> TRAINERS = Map.of("standard", TestTrainers.STANDARD, "spirals", SPIRALS);

    @TempDir
    Path dir;

    private Recipe load(String text) throws Exception {
        Path f = Files.writeString(dir.resolve("x.yaml"), text);
        return RecipeLoader.load(f, List.of(), TRAINERS);
    }

    private List<ValidationErrors.Problem> problems(String text) {
        return assertThrows(ValidationErrors.RecipeException.class, () -> load(text)).problems();
    }

    @Test
    void theContributingTrainersRecipesUseTheNames() throws Exception {
        Recipe r = load("trainer: spirals\nmodel: { arch: mlp }\ndata: { source: two-spirals }\ntrain: { duration: 10ba }\n");
        assertEquals("mlp", r.model().arch());
        assertEquals("two-spirals", r.data().source());
    }

    @Test
    void anotherTrainerIsToldWhichTrainerBuildsThem() {
        List<ValidationErrors.Problem> p = problems("trainer: standard\nmodel: { arch: mlp }\ntrain: { duration: 10ba }\n");
        ValidationErrors.Problem arch = RecipeFixture.at(p, "model.arch");
        assertEquals(2, arch.line());
        assertEquals("'mlp' belongs to trainer 'spirals'; this recipe's trainer is 'standard' "
                + "(use trainer: spirals)", arch.message());
    }

    @Test
    void anUnknownNameListsTheBuiltInOnesThenTheContributedOnes() {
        String arch = RecipeFixture.at(problems("trainer: spirals\nmodel: { arch: rnn }\ntrain: { duration: 10ba }\n"),
                "model.arch").message();
        assertTrue(arch.contains("expected one of: gpt, vit, mlp"), arch);
        String source = RecipeFixture.at(problems("trainer: spirals\ndata: { source: csv }\ntrain: { duration: 10ba }\n"),
                "data.source").message();
        assertTrue(source.contains("expected one of: synthetic-text, text, tokens, synthetic-image, idx, cifar10, image-folder, two-spirals"),
                source);
    }

    @Test
    void withoutTheModuleTheNamesAreUnknown() throws Exception {
        Path f = Files.writeString(dir.resolve("y.yaml"), "model: { arch: mlp }\ntrain: { duration: 10ba }\n");
        List<ValidationErrors.Problem> p = assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(f, List.of(), Map.of("standard", TestTrainers.STANDARD))).problems();
        assertTrue(RecipeFixture.at(p, "model.arch").message().endsWith("expected one of: gpt, vit"),
                RecipeFixture.show(p));
    }
}
