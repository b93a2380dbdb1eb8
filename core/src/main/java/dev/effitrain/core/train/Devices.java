package dev.effitrain.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.effitrain.core.EffitrainException;

/** Turns the recipe's {@code device:} into a DJL device. */
public final class Devices {
    private Devices() {
    }

    /** auto: the first GPU if the engine sees one, else the CPU; cpu; gpu (= gpu:0); gpu:N. */
    public static Device resolve(String device) {
        int gpus = Engine.getInstance().getGpuCount();
        if (device == null || device.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        int index = device.equals("gpu") ? 0 : Integer.parseInt(device.substring("gpu:".length()));
        if (index >= gpus) {
            throw EffitrainException.usage("device: " + device + " requested but the engine sees " + gpus + " GPU(s): "
                    + EngineFlavor.howToGetGpus() + "; or use device: auto or cpu");
        }
        return Device.gpu(index);
    }
}
