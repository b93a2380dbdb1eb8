package dev.effitrain.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void gitCommitAndDirtyTreeOfTheRecipesDirectory() throws Exception {
        assertNull(RunEnvironment.git(dir), "no repository: null, not a failure");
        assumeTrue(git("init", "-q"), "git is not installed");
        Files.writeString(dir.resolve("r.yaml"), "name: r\n");
        assumeTrue(git("add", "r.yaml") && git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "r"));
        Map<String, Object> clean = RunEnvironment.git(dir);
        assertEquals(40, ((String) clean.get("commit")).length(), clean.toString());
        assertEquals(false, clean.get("dirty"));
        Files.writeString(dir.resolve("r.yaml"), "name: changed\n");
        Map<String, Object> dirty = RunEnvironment.git(dir);
        assertEquals(clean.get("commit"), dirty.get("commit"));
        assertEquals(true, dirty.get("dirty"));
    }

    @Test
    void allocatorAndProcFiles() throws Exception {
        assertEquals("jemalloc (LD_PRELOAD)", RunEnvironment.allocator(Map.of("LD_PRELOAD", "/usr/lib/libjemalloc.so.2")));
        assertEquals("glibc malloc (MALLOC_TOP_PAD_=1 MALLOC_TRIM_THRESHOLD_=2)",
                RunEnvironment.allocator(Map.of("MALLOC_TRIM_THRESHOLD_", "2", "MALLOC_TOP_PAD_", "1")));
        assertEquals("glibc malloc", RunEnvironment.allocator(Map.of()));
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: AMD EPYC 7B13\n");
        assertEquals("AMD EPYC 7B13", RunEnvironment.cpuModel(cpuinfo));
        assertEquals("unknown", RunEnvironment.cpuModel(dir.resolve("absent")));
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal:       24684544 kB\nMemFree: 1 kB\n");
        assertEquals(24684544L * 1024, RunEnvironment.memTotalBytes(meminfo));
    }

    private boolean git(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
