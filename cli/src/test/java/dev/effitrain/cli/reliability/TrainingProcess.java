package dev.effitrain.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One effitrain process: its output files, signals, waiting. */
final class TrainingProcess {
    static final long TIMEOUT_SECONDS = 240;

    private final Process process;
    private final Path out;
    private final Path err;
    private final String name;

    private TrainingProcess(Process process, Path out, Path err, String name) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.name = name;
    }

    static TrainingProcess start(List<String> command, Path logs, String name) {
        try {
            Files.createDirectories(logs);
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            p.getOutputStream().close();
            return new TrainingProcess(p, out, err, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit code; fails the test if the process hangs. */
    int waitFor() {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + TIMEOUT_SECONDS + " s; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL, then waits until it is gone. */
    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** Sends a signal by name (INT, TERM, KILL) with kill(1). */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid())).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -s " + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM from this JVM (no helper process: the quickest signal a test can send). */
    void terminate() {
        process.destroy();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    String describe(int code) {
        return name + ": exit " + code + "\n--- stderr ---\n" + stderr() + "--- stdout ---\n" + stdout();
    }

    /** Polls until {@code condition} holds; fails if the process exits first or the wait is too long. */
    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                if (condition.getAsBoolean()) {
                    return;
                }
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + "; stderr:\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": timed out waiting for " + what + "; stderr:\n" + stderr());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
