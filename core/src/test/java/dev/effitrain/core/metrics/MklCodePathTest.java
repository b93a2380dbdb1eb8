package dev.effitrain.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklCodePathTest {
    @TempDir
    Path dir;

    @Test
    void intelWhenThePreloadLibraryIsMapped() throws Exception {
        Path maps = dir.resolve("maps");
        Files.writeString(maps, """
                7f00-7f01 r-xp 00000000 08:01 42 /usr/lib/x86_64-linux-gnu/libc.so.6
                7f02-7f03 r-xp 00000000 08:01 43 /opt/effitrain/cli/target/native/libeffitrain_mkl_intel.so
                """);
        assertEquals("intel", MklCodePath.detect(maps));
    }

    @Test
    void defaultWithoutItOrWithoutProc() throws Exception {
        Path maps = dir.resolve("maps");
        Files.writeString(maps, "7f00-7f01 r-xp 00000000 08:01 42 /tmp/libeffitrain_mkl_intel.so.bak\n");
        assertEquals("default", MklCodePath.detect(maps));
        assertEquals("default", MklCodePath.detect(dir.resolve("absent")));
    }

    @Test
    void thisTestProcessRunsWithoutThePreload() {
        // surefire does not go through the launcher, so nothing preloaded the library here
        assertEquals("default", MklCodePath.current());
    }
}
