package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Owns a model's parameters: an ordered name → {@link Param} map on one long-lived manager.
 * Arrays created here are unregistered from any enclosing {@code NDScope} so a step's scope never
 * closes them.
 */
public final class ParamStore implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, Param> params = new LinkedHashMap<>();

    public ParamStore(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /** Creates and registers a parameter initialised by {@code init} (given the manager and shape). */
    public Param create(String name, Param.Kind kind, Shape shape, Function<Shape, NDArray> init) {
        if (params.containsKey(name)) {
            throw new IllegalStateException("duplicate parameter " + name);
        }
        NDArray arr = init.apply(shape);
        if (arr.getDataType() != DataType.FLOAT32) {
            arr = arr.toType(DataType.FLOAT32, false);
        }
        return register(name, kind, arr);
    }

    /** Registers an existing array (moved to this store's manager) as a trainable parameter. */
    public Param register(String name, Param.Kind kind, NDArray arr) {
        arr.attach(manager);
        ai.djl.ndarray.NDScope.unregister(arr);
        arr.setRequiresGradient(true);
        Param p = new Param(name, kind, arr);
        params.put(name, p);
        return p;
    }

    public Param get(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p;
    }

    public boolean contains(String name) {
        return params.containsKey(name);
    }

    public List<Param> all() {
        return Collections.unmodifiableList(new ArrayList<>(params.values()));
    }

    public long numel() {
        long n = 0;
        for (Param p : params.values()) {
            n += p.numel();
        }
        return n;
    }

    /** name → array, in registration order (for checkpoints). */
    public Map<String, NDArray> arrays() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, v.array()));
        return m;
    }

    @Override
    public void close() {
        manager.close();
    }
}
