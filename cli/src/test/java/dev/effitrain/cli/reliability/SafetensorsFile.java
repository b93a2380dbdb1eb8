package dev.effitrain.cli.reliability;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the F32 tensors of a safetensors file by the format's definition (8-byte little-endian
 * header length, JSON header, raw data), independently of effitrain's reader, so a test compares
 * what is on disk, not what effitrain's code thinks is there.
 */
final class SafetensorsFile {
    private SafetensorsFile() {
    }

    static Map<String, float[]> readF32(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) all.getLong(0);
        JsonObject header = JsonParser.parseString(new String(all.array(), 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, float[]> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject t = e.getValue().getAsJsonObject();
            if (!t.get("dtype").getAsString().equals("F32")) {
                continue;
            }
            long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
            long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
            float[] values = new float[(int) ((end - begin) / 4)];
            all.position(8 + n + (int) begin);
            all.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(e.getKey(), values);
        }
        return tensors;
    }

    /** The largest |a - b| / (atol + rtol |b|) over all tensors; at most 1 means equal within tolerance. */
    static double worstMismatch(Map<String, float[]> a, Map<String, float[]> b, double atol, double rtol) {
        if (!a.keySet().equals(b.keySet())) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name);
            float[] y = b.get(name);
            if (x.length != y.length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int i = 0; i < x.length; i++) {
                double r = Math.abs(x[i] - y[i]) / (atol + rtol * Math.abs(y[i]));
                worst = Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.max(worst, r);
            }
        }
        return worst;
    }
}
