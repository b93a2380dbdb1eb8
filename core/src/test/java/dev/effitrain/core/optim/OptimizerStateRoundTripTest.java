package dev.effitrain.core.optim;

import static dev.effitrain.core.optim.OptimTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** k steps, save through safetensors, load into a fresh optimizer, k more: bit-identical to 2k steps. */
class OptimizerStateRoundTripTest {

    private static final int K = 4;
    private static final Shape[] SHAPES = {new Shape(70, 100), new Shape(100), new Shape(300, 16)};
    private static final Param.Kind[] KINDS = {Param.Kind.WEIGHT, Param.Kind.BIAS, Param.Kind.EMBEDDING};
    private static final String[] NAMES = {"blocks.0.mlp.fc.weight", "blocks.0.mlp.fc.bias", "tok_emb.weight"};

    private NDManager manager;
    private List<NDArray[]> grads;
    private NDArray[] init;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(99);
        manager = NDManager.newBaseManager(Device.cpu());
        init = new NDArray[SHAPES.length];
        for (int i = 0; i < SHAPES.length; i++) {
            init[i] = manager.randomNormal(0f, 0.1f, SHAPES[i], DataType.FLOAT32);
        }
        grads = new ArrayList<>();
        for (int s = 0; s < 2 * K; s++) {
            NDArray[] g = new NDArray[SHAPES.length];
            for (int i = 0; i < SHAPES.length; i++) {
                g[i] = manager.randomNormal(0f, 0.01f, SHAPES[i], DataType.FLOAT32);
            }
            grads.add(g);
        }
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "adamw8bit", "adam8bit", "momentum8bit", "lion8bit", "rmsprop8bit", "sgd",
        "adamw-linear8bit", "adamw-dynamic8bit-noblock"})
    void resumedRunIsBitIdentical(String name) {
        OptimizerConfig cfg = config(name, 1e-2, 0.05);
        List<Param> straight = params();
        Map<String, float[]> straightState;
        try (Optimizer opt = Optimizers.create(cfg, straight, manager)) {
            run(opt, straight, 0, 2 * K);
            straightState = snapshot(opt.stateTensors());
        }

        List<Param> resumed = params();
        Map<String, NDArray> saved;
        try (NDManager checkpoint = manager.newSubManager()) {
            try (Optimizer first = Optimizers.create(cfg, resumed, manager)) {
                run(first, resumed, 0, K);
                saved = OptimTestSupport.viaSafetensors(first.stateTensors(), checkpoint);
            }
            try (Optimizer second = Optimizers.create(cfg, resumed, manager)) {
                second.loadState(saved, resumed);
                assertEquals(K, second.stepCount());
                run(second, resumed, K, 2 * K);
                assertEquals(2 * K, second.stepCount());
                Map<String, float[]> resumedState = snapshot(second.stateTensors());
                assertEquals(straightState.keySet(), resumedState.keySet());
                straightState.forEach((k, v) -> assertArrayEquals(v, resumedState.get(k), 0f, name + " state " + k));
            }
        }
        for (int i = 0; i < NAMES.length; i++) {
            assertArrayEquals(straight.get(i).array().toFloatArray(), resumed.get(i).array().toFloatArray(), 0f,
                    name + " parameter " + NAMES[i]);
        }
    }

    @Test
    void withoutTheRestoreTheRunDiffers() { // the round-trip check has teeth
        OptimizerConfig cfg = config("adamw8bit", 1e-2, 0.05);
        List<Param> straight = params();
        List<Param> restarted = params();
        try (Optimizer opt = Optimizers.create(cfg, straight, manager)) {
            run(opt, straight, 0, 2 * K);
        }
        try (Optimizer first = Optimizers.create(cfg, restarted, manager)) {
            run(first, restarted, 0, K);
        }
        try (Optimizer second = Optimizers.create(cfg, restarted, manager)) {
            run(second, restarted, K, 2 * K);
        }
        assertTrue(!java.util.Arrays.equals(straight.get(0).array().toFloatArray(), restarted.get(0).array().toFloatArray()));
    }

    @Test
    void eightBitCheckpointHoldsCodesMaxesAndMaps() {
        List<Param> ps = params();
        try (Optimizer opt = Optimizers.create(config("adamw8bit", 1e-2, 0), ps, manager);
             NDManager into = manager.newSubManager()) {
            run(opt, ps, 0, 1);
            Map<String, NDArray> back = OptimTestSupport.viaSafetensors(opt.stateTensors(), into);
            assertEquals(DataType.UINT8, back.get("blocks.0.mlp.fc.weight.state1.codes").getDataType());
            assertEquals(new Shape(70, 100), back.get("blocks.0.mlp.fc.weight.state1.codes").getShape());
            assertEquals(new Shape(28), back.get("blocks.0.mlp.fc.weight.state2.absmax").getShape()); // ceil(7000/256)
            assertEquals(DataType.FLOAT32, back.get("blocks.0.mlp.fc.bias.exp_avg").getDataType());
            assertEquals(new Shape(256), back.get("qmap1").getShape());
            assertEquals(1L, back.get("step").getLong());
            assertEquals(1L, back.get("tok_emb.weight.step").getLong());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "adamw8bit", "momentum8bit", "rmsprop", "lion8bit"})
    void bytesPerParameterCanBeReadFromCheckpointKeys(String name) {
        List<Param> ps = params();
        try (Optimizer opt = Optimizers.create(config(name, 1e-2, 0), ps, manager)) {
            run(opt, ps, 0, 1);
            Map<String, Long> sizes = new HashMap<>();
            opt.stateTensors().forEach((k, v) -> sizes.put(k, v.size() * v.getDataType().getNumOfBytes()));
            assertEquals(new HashMap<>(opt.stateBytesPerParam()), new HashMap<>(Optimizers.stateBytesPerParam(sizes)));
        }
    }

    @Test
    void brokenStateIsABadInputError() {
        List<Param> ps = params();
        try (Optimizer opt = Optimizers.create(config("adamw8bit", 1e-2, 0), ps, manager)) {
            run(opt, ps, 0, 1);
            Map<String, NDArray> state = new HashMap<>(opt.stateTensors());
            state.remove("blocks.0.mlp.fc.weight.state2.absmax");
            EffitrainException missing = assertThrows(EffitrainException.class, () -> opt.loadState(state, ps));
            assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
            assertTrue(missing.getMessage().contains("blocks.0.mlp.fc.weight.state2.absmax"), missing.getMessage());

            Map<String, NDArray> wrong = new HashMap<>(opt.stateTensors());
            wrong.put("blocks.0.mlp.fc.weight.state1.codes",
                    manager.create(ByteBuffer.allocate(10), new Shape(10), DataType.UINT8));
            EffitrainException shape = assertThrows(EffitrainException.class, () -> opt.loadState(wrong, ps));
            assertEquals(ExitCode.BAD_INPUT, shape.exitCode());
        }
    }

    @Test
    void parametersMissingFromTheCheckpointStartFresh() {
        List<Param> ps = params();
        try (Optimizer opt = Optimizers.create(config("adamw8bit", 1e-2, 0), ps, manager)) {
            run(opt, ps, 0, 2);
            Map<String, NDArray> state = new HashMap<>(opt.stateTensors());
            state.keySet().removeIf(k -> k.startsWith("tok_emb.weight."));
            opt.loadState(state, ps);
            assertEquals(0L, opt.stateTensors().get("tok_emb.weight.step").getLong());
            assertEquals(2L, opt.stateTensors().get("blocks.0.mlp.fc.weight.step").getLong());
        }
    }

    private List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            ps.add(OptimTestSupport.param(manager, NAMES[i], KINDS[i], init[i]));
        }
        return ps;
    }

    private void run(Optimizer opt, List<Param> ps, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int i = 0; i < ps.size(); i++) {
                OptimTestSupport.setGrad(ps.get(i), grads.get(s)[i]);
            }
            opt.step(ps, 1e-2 * (1 + s) / (2 * K)); // a changing rate, as a schedule gives
        }
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> state) {
        Map<String, float[]> m = new HashMap<>();
        state.forEach((k, v) -> m.put(k, v.toType(DataType.FLOAT32, false).toFloatArray()));
        return m;
    }
}
