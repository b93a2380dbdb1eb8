package dev.effitrain.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against the official {@code safetensors} Python package (its Rust core does the
 * validation): it must load what we write, write byte-identical files from the same tensors, and we
 * must load what it writes. Skipped, with the reason shown, when no Python with {@code safetensors}
 * and {@code numpy} is found ({@code EFFITRAIN_PYTHON} names the interpreter; default {@code python3}).
 */
class SafeTensorsPythonInteropTest {

    private static final String SCRIPT = """
            import hashlib, json, sys
            import numpy as np
            from safetensors.numpy import load_file, save_file
            src, copy, own = sys.argv[1], sys.argv[2], sys.argv[3]
            loaded = load_file(src)
            save_file(loaded, copy)
            mine = {
                "py.f16": np.array([1.5, -2.25, 65504.0], dtype=np.float16),
                "py.u8": np.array([[0, 255], [128, 7]], dtype=np.uint8),
                "py.i64": np.array(-9, dtype=np.int64),
                "py.bool": np.array([True, False, True]),
                "py.empty": np.zeros((0, 3), dtype=np.float32),
            }
            save_file(mine, own, metadata={"format": "np"})
            def describe(d):
                return {k: [str(v.dtype), list(v.shape), hashlib.sha256(v.tobytes()).hexdigest()] for k, v in d.items()}
            print(json.dumps({"loaded": describe(loaded), "mine": describe(mine)}))
            """;

    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void officialLibraryAgreesByteForByte() throws Exception {
        String python = System.getenv().getOrDefault("EFFITRAIN_PYTHON", "python3");
        Assumptions.assumeTrue(run(List.of(python, "-c", "import safetensors.numpy, numpy")) != null,
                "no Python with the safetensors package (" + python + "); set EFFITRAIN_PYTHON to run this check");

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("blocks.0.attn.qkv.weight", manager.randomNormal(new Shape(4, 12)));
        tensors.put("f16", manager.randomNormal(new Shape(5)).toType(DataType.FLOAT16, false));
        tensors.put("f64", manager.randomNormal(new Shape(2, 2), DataType.FLOAT64));
        tensors.put("i64", manager.create(new long[] {Long.MIN_VALUE, 5}));
        tensors.put("i32", manager.create(new int[] {-3}));
        tensors.put("i8", TestTensors.random(manager, DataType.INT8, new Shape(3), 1));
        tensors.put("u8", TestTensors.random(manager, DataType.UINT8, new Shape(9), 2));
        tensors.put("bool", TestTensors.random(manager, DataType.BOOLEAN, new Shape(2, 2), 3));
        tensors.put("scalar", manager.create(2.5f));
        tensors.put("empty", manager.zeros(new Shape(3, 0)));
        Path ours = dir.resolve("ours.safetensors");
        Path copy = dir.resolve("copy.safetensors");
        Path theirs = dir.resolve("theirs.safetensors");
        SafeTensors.write(ours, tensors, Map.of());

        String out = run(List.of(python, "-c", SCRIPT, ours.toString(), copy.toString(), theirs.toString()));
        JsonObject report = JsonParser.parseString(out).getAsJsonObject();

        JsonObject loaded = report.getAsJsonObject("loaded");
        assertEquals(tensors.keySet(), loaded.keySet());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            assertEquals(sha256(TestTensors.bytes(e.getValue())),
                    loaded.getAsJsonArray(e.getKey()).get(2).getAsString(), e.getKey());
        }
        assertArrayEquals(Files.readAllBytes(copy), Files.readAllBytes(ours), "same bytes as the official writer");

        Map<String, NDArray> fromPython = SafeTensors.read(theirs, manager);
        JsonObject mine = report.getAsJsonObject("mine");
        assertEquals(mine.keySet(), fromPython.keySet());
        for (Map.Entry<String, NDArray> e : fromPython.entrySet()) {
            assertEquals(mine.getAsJsonArray(e.getKey()).get(2).getAsString(), sha256(TestTensors.bytes(e.getValue())),
                    e.getKey());
        }
        assertEquals(new Shape(), fromPython.get("py.i64").getShape());
        assertEquals(-9L, fromPython.get("py.i64").getLong());
        assertEquals(Map.of("format", "np"), SafeTensors.readHeader(theirs).metadata());
    }

    /** Runs a command; its stdout, or null when it cannot start or fails. */
    private static String run(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (java.io.IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        if (p.exitValue() != 0) {
            if (command.size() > 3) {
                throw new AssertionError("python check failed:\n" + err);
            }
            return null;
        }
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
