package dev.effitrain.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.model.Param;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every optimizer of {@link Optimizers}: an {@link UpdateRule} applied to each parameter, with
 * state stored as the {@link StateFormat} says (8-bit where the {@link ParamPolicy} allows it,
 * fp32 otherwise). An optimizer and its 8-bit twin differ only in the StateFormat.
 *
 * <p>State lives on its own sub-manager, created eagerly for the trainable parameters given at
 * construction and lazily for parameters first seen in {@link #step}; parameters without a
 * gradient (frozen) get none. A parameter whose shape or device changed (model growth) starts
 * again from fresh state. Parameters must be contiguous tensors (ParamStore's are): updates are
 * written through flat views of them.
 *
 * <p>Checkpoint names: {@code step} (completed steps), {@code <param>.step},
 * {@code <param>.<torch state name>} for fp32 state, {@code <param>.state<i>.codes} (uint8) and
 * {@code <param>.state<i>.absmax} (fp32) for 8-bit state, {@code qmap1}/{@code qmap2} (the signed and
 * unsigned maps) for 8-bit optimizers.
 */
final class RuleOptimizer implements Optimizer {

    private final String name;
    private final UpdateRule rule;
    private final StateFormat format;
    private final ParamPolicy policy;
    private final NDManager manager;
    private final Codebooks codebooks;
    private final Map<String, ParamState> states = new LinkedHashMap<>();
    private final NDArray stepArray;
    private final Map<Boolean, NDArray> mapArrays = new LinkedHashMap<>();
    private long steps;

    RuleOptimizer(String name, UpdateRule rule, StateFormat format, ParamPolicy policy, List<Param> params,
                  NDManager parent) {
        this.name = name;
        this.rule = rule;
        this.format = format;
        this.policy = policy;
        this.manager = parent.newSubManager();
        this.codebooks = format.quantized()
                ? new Codebooks(manager, format.signedMap(), format.unsignedMap()) : null;
        this.stepArray = StateArrays.keep(manager.create(0L));
        for (Param p : params) {
            if (p.array().hasGradient()) {
                stateFor(p);
            }
        }
    }

    @Override
    public void step(List<Param> params, double lr) {
        step(params, lr, true);
    }

    @Override
    public void stepFinite(List<Param> params, double lr) {
        step(params, lr, false);
    }

    private void step(List<Param> params, double lr, boolean checkFinite) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative: " + lr);
        }
        try (NDScope scope = new NDScope()) {
            List<Param> live = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Param p : params) {
                if (p.array().hasGradient()) {
                    live.add(p);
                    grads.add(p.array().getGradient());
                }
            }
            boolean allFinite = !checkFinite || GradClip.allFinite(grads);
            for (int i = 0; i < live.size(); i++) {
                Param p = live.get(i);
                stateFor(p).update(p.array(), grads.get(i), rule, lr, !allFinite);
            }
        }
        steps++;
    }

    private ParamState stateFor(Param p) {
        Shape shape = p.array().getShape();
        Device device = p.array().getDevice();
        ParamState st = states.get(p.name());
        if (st != null && st.fits(shape, device)) {
            return st;
        }
        if (st != null) {
            st.close();
        }
        st = newState(p.name(), shape, device, policy.resolve(p));
        states.put(p.name(), st);
        return st;
    }

    private ParamState newState(String param, Shape shape, Device device, ParamPolicy.Settings settings) {
        boolean quantized = format.quantized() && settings.quantized();
        long blockSize = quantized ? format.blockSizeFor(shape.size()) : 1;
        StateBuffer[] buffers = new StateBuffer[rule.stateCount()];
        for (int i = 0; i < buffers.length; i++) {
            if (quantized) {
                boolean signed = rule.signedState(i);
                buffers[i] = new QuantizedStateBuffer(manager, shape, device, "state" + (i + 1),
                        () -> codebooks.get(device, signed), blockSize);
            } else {
                buffers[i] = new Fp32StateBuffer(manager, shape, device, rule.stateName(i));
            }
        }
        return new ParamState(param, shape, device, settings, buffers, blockSize, manager);
    }

    @Override
    public long stepCount() {
        return steps;
    }

    @Override
    public Map<String, NDArray> stateTensors() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        StateArrays.overwrite(stepArray, steps);
        m.put("step", stepArray);
        if (codebooks != null) {
            m.put("qmap1", mapArray(true));
            if (usesUnsignedMap()) {
                m.put("qmap2", mapArray(false));
            }
        }
        for (ParamState st : states.values()) {
            m.putAll(st.tensors());
        }
        return m;
    }

    private boolean usesUnsignedMap() {
        for (int i = 0; i < rule.stateCount(); i++) {
            if (!rule.signedState(i)) {
                return true;
            }
        }
        return false;
    }

    private NDArray mapArray(boolean signed) {
        NDArray a = mapArrays.get(signed);
        QuantMap map = codebooks.map(signed);
        if (a == null) {
            a = StateArrays.keep(manager.create(map.codes()));
            mapArrays.put(signed, a);
        } else {
            StateArrays.overwrite(a, map.codes());
        }
        return a;
    }

    @Override
    public void loadState(Map<String, NDArray> state, List<Param> params) {
        NDArray saved = state.get("step");
        if (saved != null) {
            steps = saved.toType(DataType.INT64, false).toLongArray()[0];
        }
        if (codebooks != null) {
            restoreMap(state, "qmap1", true);
            restoreMap(state, "qmap2", false);
        }
        for (Param p : params) {
            ParamState st = stateFor(p);
            if (st.presentIn(state)) {
                st.load(state);
            } else {
                st.close();
                states.put(p.name(), newState(p.name(), p.array().getShape(), p.array().getDevice(), st.settings()));
            }
        }
    }

    private void restoreMap(Map<String, NDArray> state, String key, boolean signed) {
        NDArray saved = state.get(key);
        if (saved == null) {
            return;
        }
        try {
            codebooks.replace(signed, QuantMap.of("checkpoint:" + key,
                    saved.toType(DataType.FLOAT32, false).toFloatArray()));
        } catch (IllegalArgumentException e) {
            throw EffitrainException.badInput("optimizer state '" + key + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> stateBytesPerParam() {
        Map<String, Long> m = new LinkedHashMap<>();
        states.forEach((param, st) -> m.put(param, st.bytes()));
        return Collections.unmodifiableMap(m);
    }

    /** Whether a parameter's state is stored in 8 bits (false for fp32 or unknown parameters). */
    boolean quantized(String param) {
        ParamState st = states.get(param);
        return st != null && st.quantized();
    }

    /** State {@code i} of a parameter as a new fp32 array (decoded when 8-bit). */
    NDArray stateAsFloat(String param, int i) {
        ParamState st = states.get(param);
        if (st == null) {
            throw new IllegalArgumentException("no optimizer state for " + param);
        }
        return st.buffer(i).toFloat();
    }

    @Override
    public void close() {
        for (ParamState st : states.values()) {
            st.close();
        }
        states.clear();
        if (codebooks != null) {
            codebooks.close();
        }
        manager.close();
    }

    @Override
    public String toString() {
        return name + "(" + states.size() + " parameters, " + stateBytes() + " state bytes)";
    }
}
