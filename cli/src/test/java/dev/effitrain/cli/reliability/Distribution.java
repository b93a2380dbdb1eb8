package dev.effitrain.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The distribution {@code mvn package} built in {@code cli/target} (jar + lib/), started as the
 * launcher starts it: {@code java -cp JAR:lib/* dev.effitrain.cli.Main ARGS}, here with libtorch
 * held to one thread so runs are deterministic and do not crowd the build machine.
 */
final class Distribution {
    static final List<String> JVM_OPTIONS = List.of("-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1", "-Xmx1g");

    private Distribution() {
    }

    /** {@code java [options] -cp ... dev.effitrain.cli.Main args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(jar() + ":" + Path.of("target", "lib").toAbsolutePath() + "/*");
        cmd.add("dev.effitrain.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts effitrain with stdout and stderr going to {@code logs/NAME.out|.err}. */
    static TrainingProcess start(Path logs, String name, String... args) {
        return TrainingProcess.start(command(args), logs, name);
    }

    /** Starts {@code wrapper... java ... args}, e.g. a shell that sets a limit first (then exec "$@"). */
    static TrainingProcess startWrapped(Path logs, String name, List<String> wrapper, String... args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(command(args));
        return TrainingProcess.start(cmd, logs, name);
    }

    private static Path jar() {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("effitrain-cli-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("no distribution in cli/target: run 'mvn package' first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
