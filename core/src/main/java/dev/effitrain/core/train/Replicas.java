package dev.effitrain.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.TensorCopy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data parallel on one machine ({@code train.devices: N}): a copy of every parameter per device,
 * each micro-batch split across the copies, their gradients summed onto the masters (on the run's
 * device), one optimizer step on the masters, whose result the copies take before the next step.
 * So N devices make the same updates as one device on the same global batch, within float
 * tolerance. On a GPU the copies live on the next N-1 GPUs; on the CPU they are N-1 more CPU
 * tensors, which is how the tests prove the logic. Replica 0 is the masters themselves.
 */
final class Replicas implements AutoCloseable {
    private final List<Device> devices;
    private final List<NDManager> managers;   // [0] is the run's; the others are owned here
    private final Map<Param, NDArray> copiedFrom = new IdentityHashMap<>();

    private Replicas(List<Device> devices, List<NDManager> managers) {
        this.devices = devices;
        this.managers = managers;
    }

    /** {@code n} replicas starting at the run's device (gpu:k gives gpu:k .. gpu:k+n-1). */
    static Replicas create(int n, NDManager master) {
        Device first = master.getDevice();
        List<Device> devices = new ArrayList<>();
        List<NDManager> managers = new ArrayList<>();
        devices.add(first);
        managers.add(master);
        for (int r = 1; r < n; r++) {
            Device d = first.isGpu() ? Device.gpu(first.getDeviceId() + r) : first;
            if (d.isGpu() && d.getDeviceId() >= Engine.getInstance().getGpuCount()) {
                throw EffitrainException.usage("train.devices: " + n + " replicas from " + first + " need "
                        + d + ", but the engine sees " + Engine.getInstance().getGpuCount() + " GPU(s)");
            }
            devices.add(d);
            managers.add(NDManager.newBaseManager(d));
        }
        return new Replicas(devices, managers);
    }

    int count() {
        return devices.size();
    }

    /** The manager that replica {@code r}'s batches are made on. */
    NDManager manager(int r) {
        return managers.get(r);
    }

    /** A replica's scope: closing it returns {@link Param#array()} to the masters. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes {@link Param#array()} on this thread return replica {@code r}'s copies until closed. */
    Scope use(int r) {
        Param.useReplica(r);
        return () -> Param.useReplica(0);
    }

    /**
     * Before a step: every copy holds its master's values; copies are made on first use and made
     * again for a master that a growth operator replaced.
     */
    void sync(List<Param> params) {
        if (count() == 1) {
            return;
        }
        for (Param p : params) {
            boolean fresh = copiedFrom.get(p) != p.master();
            if (fresh) {
                NDArray[] copies = new NDArray[count()];
                for (int r = 1; r < count(); r++) {
                    NDArray copy = managers.get(r).zeros(p.master().getShape(), p.master().getDataType());
                    NDScope.unregister(copy);
                    copy.setRequiresGradient(true);
                    copies[r] = copy;
                }
                p.setReplicas(copies);
                copiedFrom.put(p, p.master());
            }
            for (int r = 1; r < count(); r++) {
                TensorCopy.into(p.master(), p.replica(r));
            }
        }
    }

    /** After backward: adds each copy's gradient to its master's and clears the copy's. */
    void reduceGradients(List<Param> params) {
        if (count() == 1) {
            return;
        }
        for (Param p : params) {
            try (NDScope scope = new NDScope(); NDArray sum = p.master().getGradient()) {
                for (int r = 1; r < count(); r++) {
                    try (NDArray g = p.replica(r).getGradient()) {
                        sum.addi(g.toDevice(sum.getDevice(), false));
                        g.set(new NDIndex("..."), 0f);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        for (int r = 1; r < managers.size(); r++) {
            managers.get(r).close();
        }
    }
}
