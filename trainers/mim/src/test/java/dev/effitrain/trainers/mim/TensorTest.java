package dev.effitrain.trainers.mim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for tests on tensors: a seeded engine, a manager and a scope per test. */
abstract class TensorTest {
    protected NDManager manager;
    private NDScope scope;

    @BeforeEach
    void openManager() {
        Engine.getInstance().setRandomSeed(42);
        manager = NDManager.newBaseManager(Device.cpu());
        scope = new NDScope();
    }

    @AfterEach
    void closeManager() {
        scope.close();
        manager.close();
    }
}
