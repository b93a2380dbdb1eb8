package dev.effitrain.cli;

import dev.effitrain.core.spi.TrainerModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trainer modules on the class path, each with where it came from: built in, or the plugin jar (or
 * folder) the launcher added. Read from the {@code META-INF/services} files directly rather than
 * through {@link java.util.ServiceLoader}, so that a provider that fails to load is one line naming
 * its jar, and the others still load.
 */
final class Trainers {
    static final String SERVICE_FILE = "META-INF/services/" + TrainerModule.class.getName();
    static final String BUILT_IN = "built-in";

    /** A trainer module and where it came from: {@link #BUILT_IN} or the plugin's path. */
    record Found(TrainerModule module, String from) {
    }

    /** The trainers by name, and one line for each plugin or provider that could not be used. */
    record Loaded(Map<String, Found> trainers, List<String> problems) {
    }

    private static Loaded loaded;

    private Trainers() {
    }

    /** The trainers of this process's class path and the launcher's plugins, loaded once. */
    static synchronized Loaded load() {
        if (loaded == null) {
            loaded = load(Trainers.class.getClassLoader(), Plugins.configured());
        }
        return loaded;
    }

    static Map<String, TrainerModule> available() {
        Map<String, TrainerModule> modules = new TreeMap<>();
        load().trainers().forEach((name, found) -> modules.put(name, found.module()));
        return modules;
    }

    static Loaded load(ClassLoader loader, List<Path> plugins) {
        List<String> problems = new ArrayList<>(Plugins.problems(plugins));
        Map<String, Found> trainers = new TreeMap<>();
        try {
            for (URL services : Collections.list(loader.getResources(SERVICE_FILE))) {
                Path source = sourceOf(services);
                String from = plugins.stream().anyMatch(source::startsWith) ? source.toString() : BUILT_IN;
                for (String className : providerNames(services)) {
                    try {
                        TrainerModule m = instantiate(loader, className);
                        Found earlier = trainers.putIfAbsent(m.name(), new Found(m, from));
                        if (earlier != null) {
                            problems.add(source + ": trainer '" + m.name() + "' is already provided by "
                                    + earlier.from() + "; this one is ignored");
                        }
                    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                        problems.add(source + ": cannot load trainer " + className + " (" + why(e) + "); it is ignored");
                    }
                }
            }
        } catch (IOException e) {
            problems.add("cannot list the trainer modules on the class path (" + e.getMessage() + ")");
        }
        return new Loaded(Collections.unmodifiableMap(new LinkedHashMap<>(trainers)), List.copyOf(problems));
    }

    private static TrainerModule instantiate(ClassLoader loader, String className) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className, true, loader);
        if (!TrainerModule.class.isAssignableFrom(c)) {
            throw new ClassCastException("it does not implement " + TrainerModule.class.getName());
        }
        return (TrainerModule) c.getConstructor().newInstance();
    }

    private static String why(Throwable e) {
        if (e instanceof ClassNotFoundException) {
            return "class not found";
        }
        if (e instanceof NoClassDefFoundError) {
            return "it needs " + e.getMessage().replace('/', '.') + ", which is not on the class path";
        }
        if (e instanceof NoSuchMethodException) {
            return "it has no public constructor without arguments";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof ClassCastException ? cause.getMessage() : cause.toString();
    }

    /** Class names in a services file: one a line, '#' starts a comment. */
    private static List<String> providerNames(URL services) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(services.openStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.replaceFirst("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The jar, or the class folder, that holds a services file. */
    private static Path sourceOf(URL services) throws IOException {
        try {
            if (services.getProtocol().equals("jar")) {
                return Path.of(((JarURLConnection) services.openConnection()).getJarFileURL().toURI());
            }
            Path file = Path.of(services.toURI());
            return file.getParent().getParent().getParent();   // above META-INF/services/
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException(services + ": not a file", e);
        }
    }
}
