package dev.effitrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.RunContext;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trainers from plugin jars: where each came from, and one line for each that cannot be used. */
class TrainersTest {

    /** A trainer a plugin jar names in its services file. */
    public static final class PluginTrainer implements TrainerModule {
        @Override
        public String name() {
            return "from-plugin";
        }

        @Override
        public String description() {
            return "test plugin";
        }

        @Override
        public void run(Recipe recipe, RunContext context) {
        }
    }

    @TempDir
    Path tmp;

    private Path jar(String name, String services) throws Exception {
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(Trainers.SERVICE_FILE));
            out.write(services.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void pluginsSayWhereTheyCameFromAndBrokenOnesAreOneLineEach() throws Exception {
        Path good = jar("good.jar", "# a comment\n" + PluginTrainer.class.getName() + "\n");
        Path missing = jar("missing.jar", "com.example.NoSuchTrainer\n");
        Path twice = jar("twice.jar", "dev.effitrain.trainers.standard.StandardTrainer\n");
        Path notATrainer = jar("string.jar", "java.lang.StringBuilder\n");
        Path garbage = Files.writeString(tmp.resolve("garbage.jar"), "not a zip");
        Path empty = tmp.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new JarEntry("README"));
        }
        List<Path> plugins = List.of(good, missing, twice, notATrainer, garbage, empty, tmp.resolve("absent.jar"));
        URL[] urls = new URL[plugins.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = plugins.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, Trainers.class.getClassLoader())) {
            Trainers.Loaded loaded = Trainers.load(loader, plugins);
            assertEquals(good.toString(), loaded.trainers().get("from-plugin").from());
            assertEquals(Trainers.BUILT_IN, loaded.trainers().get("standard").from());
            assertEquals(List.of(
                    garbage + ": not a readable jar (zip END header not found)",
                    empty + ": holds no trainer (no " + Trainers.SERVICE_FILE + ")",
                    tmp.resolve("absent.jar") + ": no such plugin jar or folder",
                    missing + ": cannot load trainer com.example.NoSuchTrainer (class not found); it is ignored",
                    twice + ": trainer 'standard' is already provided by built-in; this one is ignored",
                    notATrainer + ": cannot load trainer java.lang.StringBuilder (it does not implement "
                            + TrainerModule.class.getName() + "); it is ignored"),
                    loaded.problems());
        }
    }

    @Test
    void aFolderAddsTheJarsInIt() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("plugins"));
        Files.writeString(folder.resolve("broken.jar"), "not a zip");
        Files.writeString(folder.resolve("notes.txt"), "not a jar, not looked at");
        assertEquals(List.of(folder.resolve("broken.jar") + ": not a readable jar (zip END header not found)"),
                Plugins.problems(List.of(folder)));
    }
}
