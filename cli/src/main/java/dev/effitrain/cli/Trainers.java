package dev.effitrain.cli;

import dev.effitrain.core.spi.TrainerModule;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Trainer modules found on the classpath through {@link ServiceLoader}. */
final class Trainers {
    private Trainers() {
    }

    static Map<String, TrainerModule> available() {
        Map<String, TrainerModule> found = new TreeMap<>();
        for (TrainerModule m : ServiceLoader.load(TrainerModule.class)) {
            found.put(m.name(), m);
        }
        return found;
    }
}
