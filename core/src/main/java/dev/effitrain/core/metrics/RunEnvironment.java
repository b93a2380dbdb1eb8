package dev.effitrain.core.metrics;

import ai.djl.engine.Engine;
import dev.effitrain.core.optim.Optimizers;
import dev.effitrain.core.train.EngineFlavor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How a run was produced, as far as the machine and process go: host, CPU, memory, OS, Java, DJL,
 * libtorch and its flavour, threads, the OpenMP wait policy, the memory allocator, MKL's code path,
 * the native optimizer kernels, and the git commit of the recipe's directory. One place for
 * {@code effitrain env}, the {@code start} event of metrics.jsonl and summary.json.
 */
public final class RunEnvironment {
    private static final long GIT_TIMEOUT_S = 5;

    private RunEnvironment() {
    }

    /** @param dir the recipe's directory (its git commit is recorded), or null */
    public static Map<String, Object> collect(Path dir) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("host", host());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        env.put("cpu_model", cpuModel(Path.of("/proc/cpuinfo")));
        env.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        env.put("ram_bytes", memTotalBytes(Path.of("/proc/meminfo")));
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        Engine engine = Engine.getInstance();
        env.put("engine", engine.getEngineName());
        env.put("djl", Engine.getDjlVersion());
        env.put("libtorch", engine.getVersion());
        env.put("libtorch_flavor", EngineFlavor.libtorch() + " (distribution built as " + EngineFlavor.build() + ")");
        env.put("intra_op_threads", System.getProperty("ai.djl.pytorch.num_threads", "default (all cores)"));
        env.put("interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "default (all cores)"));
        String omp = System.getenv("OMP_WAIT_POLICY");
        env.put("omp_wait_policy", omp == null || omp.isEmpty() ? "unset (libgomp default)" : omp);
        env.put("allocator", allocator(System.getenv()));
        env.put("mkl_code_path", MklCodePath.current());
        env.put("native_kernels", Optimizers.nativeKernels());
        env.put("git", dir == null ? null : git(dir));
        return env;
    }

    /** Now, ISO-8601 UTC to the millisecond, e.g. {@code 2026-12-04T18:02:11.503Z}. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The memory allocator in use: a preloaded jemalloc or tcmalloc, else glibc with the MALLOC_* settings. */
    static String allocator(Map<String, String> environment) {
        String preload = environment.getOrDefault("LD_PRELOAD", "");
        for (String lib : List.of("jemalloc", "tcmalloc")) {
            if (preload.contains(lib)) {
                return lib + " (LD_PRELOAD)";
            }
        }
        String settings = environment.entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(" "));
        return settings.isEmpty() ? "glibc malloc" : "glibc malloc (" + settings + ")";
    }

    /** The CPU's model name from /proc/cpuinfo, or "unknown". */
    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** Total RAM from /proc/meminfo, bytes; -1 when unknown. */
    static long memTotalBytes(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * {@code {"commit": ..., "dirty": true|false}} for the git work tree holding {@code dir}, or null
     * when git is not installed or {@code dir} is in no repository. Never fails.
     */
    static Map<String, Object> git(Path dir) {
        String commit = run(dir, "rev-parse", "HEAD");
        if (commit == null || commit.isBlank()) {
            return null;
        }
        String status = run(dir, "status", "--porcelain", "--untracked-files=no");
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("commit", commit.trim());
        g.put("dirty", status == null ? null : !status.isBlank());
        return g;
    }

    /** stdout of {@code git -C dir args...}, or null when it cannot run or exits non-zero. */
    private static String run(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(GIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** This machine's host name, without a DNS lookup (which can hang); "localhost" if unknown. */
    public static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
