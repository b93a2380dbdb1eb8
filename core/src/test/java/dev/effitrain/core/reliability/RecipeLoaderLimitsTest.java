package dev.effitrain.core.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.effitrain.core.config.RecipeLoader;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.train.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the recipe fuzzer found that the loader mishandled: an alias bomb (hung expanding 2^25
 * values), a section set to null with --set (an internal error), a huge file named by extends:
 * (read whole into memory). Each is now a recipe error naming the file or key.
 */
class RecipeLoaderLimitsTest {
    private static final Map<String, TrainerModule> TRAINERS = Map.of("standard", new TrainerModule() {
        @Override
        public String name() {
            return "standard";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public void run(Recipe recipe, RunContext context) {
        }
    });

    @TempDir
    Path dir;

    private String problems(String yaml, String... sets) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, yaml);
        return assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(file, List.of(sets), TRAINERS)).getMessage();
    }

    @Test
    @Timeout(60) // guards the hang this test is about; the refusal itself takes milliseconds
    void aliasesThatExpandExponentiallyAreRefused() throws Exception {
        StringBuilder yaml = new StringBuilder("train: {duration: 10ba}\nl0: &l0 [x, x]\n");
        for (int i = 1; i <= 25; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        String message = problems(yaml.toString());
        assertTrue(message.contains("x.yaml") && message.contains("expands to more than 100000 values"), message);
    }

    @Test
    void aSectionSetToNullIsARecipeError() throws Exception {
        for (String section : List.of("model", "data", "optimizer", "schedule", "train")) {
            String message = problems("train: {duration: 10ba}\n", section + "=");
            assertTrue(message.contains(section + ": expected a mapping of settings, got null"), message);
        }
    }

    @Test
    void aFileNamedByExtendsThatIsNotARecipeIsNamedButNeverEchoed() throws Exception {
        Path secret = dir.resolve("passwd");
        Files.writeString(secret, "root:x:0:0:root:/root:/bin/bash\nsecret-token-4711:x:1000:1000::/home/u:/bin/sh\n");
        for (String yaml : List.of("extends: passwd\ntrain: {duration: 10ba}\n", "extends: " + secret + "\n")) {
            String message = problems(yaml);
            assertTrue(message.contains("passwd is not a recipe fragment") && message.contains("the file holds a string"), message);
            assertTrue(!message.contains("root:x") && !message.contains("secret-token"), "file content leaked: " + message);
        }
        String direct = assertThrows(ValidationErrors.RecipeException.class,
                () -> RecipeLoader.load(secret, List.of(), TRAINERS)).getMessage();
        assertTrue(direct.contains("passwd") && direct.contains("a recipe must be a mapping"), direct);
        assertTrue(!direct.contains("secret-token"), "file content leaked: " + direct);
    }

    @Test
    void aHugeFileNamedByExtendsIsNotRead() throws Exception {
        Files.write(dir.resolve("big.bin"), new byte[(1 << 20) + 1]);
        String message = problems("extends: big.bin\ntrain: {duration: 10ba}\n");
        assertTrue(message.contains("x.yaml:1: extends: ") && message.contains("big.bin is 1048577 bytes, too big for a recipe"), message);
    }
}
