package dev.effitrain.core.config;

import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import java.util.List;
import java.util.Map;

/** Trainer modules for tests: a plain one, one with its own section and defaults, and a third. */
final class TestTrainers {

    private TestTrainers() {
    }

    enum Growth { STACK, ZERO_INIT }

    /** A stage of the {@code staged} section: the override is kept raw, as a progressive trainer would. */
    record Stage(Duration until, Map<String, Object> model, Growth grow) {
    }

    record StagedConfig(List<Stage> stages, String mode, Integer patience, @RecipePath String teacher) {
    }

    record OtherConfig(int k) {
    }

    static final TrainerModule STANDARD = new Module("standard", Map.of(), null);

    /** Declares {@code staged:}; its validate applies each stage's model override to the recipe's model. */
    static final TrainerModule STAGED = new Module("staged", Map.of("staged", StagedConfig.class),
            "staged:\n  mode: grow\n  stages: []\nmodel:\n  layers: 2\n") {
        @Override
        public void validate(Recipe recipe, ValidationErrors errors) {
            StagedConfig s = recipe.section("staged", StagedConfig.class);
            for (int i = 0; i < s.stages().size(); i++) {
                String at = "staged.stages[" + i + "]";
                ModelConfig m = RecordOverride.apply(recipe.model(), s.stages().get(i).model(), at + ".model", errors);
                if (m != null && m.layers() < recipe.model().layers()) {
                    errors.at(at + ".model.layers", "a stage cannot shrink the model");
                }
            }
        }
    };

    static final TrainerModule OTHER = new Module("other", Map.of("other", OtherConfig.class), null);

    static final Map<String, TrainerModule> ALL = Map.of("standard", STANDARD, "staged", STAGED, "other", OTHER);

    private static class Module implements TrainerModule {
        private final String name;
        private final Map<String, Class<? extends Record>> sections;
        private final String defaults;

        Module(String name, Map<String, Class<? extends Record>> sections, String defaults) {
            this.name = name;
            this.sections = sections;
            this.defaults = defaults;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test trainer " + name;
        }

        @Override
        public Map<String, Class<? extends Record>> sections() {
            return sections;
        }

        @Override
        public String defaultsYaml() {
            return defaults;
        }

        @Override
        public void run(Recipe recipe, RunContext context) {
            throw new UnsupportedOperationException("test trainer");
        }
    }
}
