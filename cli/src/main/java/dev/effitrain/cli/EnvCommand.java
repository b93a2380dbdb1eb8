package dev.effitrain.cli;

import ai.djl.engine.Engine;
import dev.effitrain.core.metrics.MatmulCeiling;
import dev.effitrain.core.metrics.RunEnvironment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "env", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show Java, DJL, libtorch, devices, threads, trainer modules and local data sets.",
                "Each trainer says where it came from: built-in, or its plugin jar",
                "(EFFITRAIN_PLUGINS, ~/.effitrain/plugins)."})
final class EnvCommand implements Callable<Integer> {

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> env = collect();
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Output.json(out, env);
        } else {
            KeyValueText.print(out, env, "");
        }
        return 0;
    }

    static Map<String, Object> collect() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("effitrain", new VersionProvider().getVersion()[0]);
        env.put("time", RunEnvironment.now());
        env.putAll(RunEnvironment.collect(Path.of("").toAbsolutePath()));
        Engine engine = Engine.getInstance();
        env.put("gpus", engine.getGpuCount());
        env.put("default_device", engine.defaultDevice().toString());
        MatmulCeiling ceiling = MatmulCeiling.forDevice(engine.defaultDevice());
        env.put("mfu_denominator", String.format(Locale.ROOT, "%.1f GFLOP/s: %s", ceiling.flopsPerSecond() / 1e9,
                ceiling.source()));
        Map<String, Object> trainers = new LinkedHashMap<>();
        Trainers.load().trainers().forEach((name, found) -> {
            Map<String, String> trainer = new LinkedHashMap<>();
            trainer.put("description", found.module().description());
            trainer.put("from", found.from());
            trainers.put(name, trainer);
        });
        env.put("trainers", trainers);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("fashion-mnist", present(Path.of("/usr/share/datasets/fashion-mnist"), "apt-get install dataset-fashion-mnist"));
        data.put("fortunes", present(Path.of("/usr/share/games/fortunes"), "apt-get install fortunes"));
        env.put("datasets", data);
        return env;
    }

    private static String present(Path p, String hint) {
        return Files.isDirectory(p) ? p.toString() : "absent (" + hint + ")";
    }
}
