package dev.effitrain.trainers.progressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.optim.LrSchedule;
import dev.effitrain.core.optim.Optimizer;
import dev.effitrain.core.train.LoopControl;
import dev.effitrain.core.train.TrainPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * optimizer_state: map with state that is not shaped like its parameter (as 8-bit codes are): the
 * moments are mapped and the rest reported; an optimizer that refuses the partial state is reset,
 * and the stage event says so.
 */
class StageTransitionTest {
    private static final String STAGES = """
            progressive:
              stages:
                - { until: 8ba, model: { layers: 1 } }
                - { grow: { depth: stack }, optimizer_state: map }
            """;

    @TempDir
    Path dir;

    @Test
    void unmappableStateIsNamedAndAnOptimizerThatRefusesItIsReset() {
        Map<String, Object> accepted = transition(false);
        assertEquals("map", accepted.get("optimizer_state"));
        assertEquals(List.of("blocks.0.mlp.fc1.weight.exp_avg", "blocks.0.mlp.fc1.weight.codes"),
                accepted.get("optimizer_state_reset"), accepted.toString());

        Map<String, Object> refused = transition(true);
        assertEquals("reset", refused.get("optimizer_state"));
        assertTrue(refused.get("optimizer_state_note").toString().contains("no codes"), refused.toString());
    }

    private Map<String, Object> transition(boolean picky) {
        Recipe r = new Runs(dir).recipe(picky ? "picky" : "lenient", STAGES);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             GptWorkload workload = GptWorkload.open(r, manager)) {
            TrainPlan plan = TrainPlan.resolve(r.train(), workload.trainSamples(), workload.tokensPerSample());
            List<Stage> stages = StagePlan.resolve(r, StagePlan.of(plan.stepContext()), new ValidationErrors());
            workload.install(workload.newModel(stages.get(0).model()));
            Control control = new Control(manager, new OldState(workload.params().all(), manager));
            List<FakeOptimizer> made = new java.util.ArrayList<>();
            StageTransition t = new StageTransition(workload, new Anchors(dir), 1, (cfg, params, m) -> {
                FakeOptimizer o = new FakeOptimizer(picky);
                made.add(o);
                return o;
            });
            Map<String, Object> event = t.enter(stages.get(0), stages.get(1), control);
            assertSame(made.get(made.size() - 1), control.optimizer, "the loop trains with the last optimizer made");
            assertEquals(picky ? 2 : 1, made.size());
            if (!picky) {
                assertTrue(made.get(0).loaded.contains("blocks.1.attn.qkv.weight.exp_avg"), "moments of the copied layer");
                assertTrue(made.get(0).loaded.contains("step"));
                assertTrue(made.get(0).loaded.stream().noneMatch(k -> k.contains("fc1.weight")), "fc1 starts afresh");
            }
            assertEquals(2, workload.model().dims().layers());
            return event;
        }
    }

    /** The optimizer before growth: Adam-like moments, and a differently shaped "codes" tensor for fc1 weights. */
    private static final class OldState extends FakeOptimizer {
        private final Map<String, NDArray> state = new LinkedHashMap<>();

        OldState(List<Param> params, NDManager m) {
            super(false);
            for (Param p : params) {
                state.put(p.name() + ".exp_avg", m.ones(p.array().getShape()));
                if (p.name().endsWith("mlp.fc1.weight")) {
                    state.put(p.name() + ".codes", m.zeros(new Shape(p.numel() + 1)));
                }
            }
            state.put("step", m.create(new long[] {8}));
        }

        @Override
        public Map<String, NDArray> stateTensors() {
            return state;
        }
    }

    private static class FakeOptimizer implements Optimizer {
        private final boolean wantsCodes;
        final Set<String> loaded = new java.util.HashSet<>();

        FakeOptimizer(boolean wantsCodes) {
            this.wantsCodes = wantsCodes;
        }

        @Override
        public void step(List<Param> params, double lr) {
        }

        @Override
        public long stepCount() {
            return 0;
        }

        @Override
        public Map<String, NDArray> stateTensors() {
            return Map.of();
        }

        @Override
        public void loadState(Map<String, NDArray> state, List<Param> params) {
            for (Param p : params) {
                if (wantsCodes && !state.containsKey(p.name() + ".codes")) {
                    throw new IllegalArgumentException("no codes for " + p.name());
                }
            }
            loaded.addAll(state.keySet());
        }

        @Override
        public Map<String, Long> stateBytesPerParam() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    private static final class Control implements LoopControl {
        private final NDManager manager;
        Optimizer optimizer;

        Control(NDManager manager, Optimizer optimizer) {
            this.manager = manager;
            this.optimizer = optimizer;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public TrainPlan plan() {
            return null;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public void replaceOptimizer(Optimizer next) {
            optimizer = next;
        }

        @Override
        public LrSchedule schedule() {
            return step -> 0;
        }

        @Override
        public void replaceSchedule(LrSchedule next) {
        }

        @Override
        public void event(String name, Map<String, Object> fields) {
        }
    }
}
