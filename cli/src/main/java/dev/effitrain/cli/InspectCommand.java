package dev.effitrain.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.checkpoint.SafeTensors;
import dev.effitrain.core.checkpoint.SafeTensorsHeader;
import dev.effitrain.core.checkpoint.TensorEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Describe a checkpoint without loading its tensors.",
                "Prints the architecture, parameters, model and optimizer-state bytes (per parameter),",
                "training position and provenance.",
                "CKPT is a checkpoint directory (runs/X/checkpoints/step-000500) or a run directory (its newest checkpoint)."})
final class InspectCommand implements Callable<Integer> {

    @Mixin
    CheckpointArgument checkpoint;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = checkpoint.dir();
        SafeTensorsHeader model = SafeTensors.readHeader(dir.resolve("model.safetensors"));
        Path optFile = dir.resolve("optimizer.safetensors");
        SafeTensorsHeader optimizer = Files.exists(optFile) ? SafeTensors.readHeader(optFile) : null;
        JsonObject state = readState(dir.resolve("state.json"));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checkpoint", dir.toString());
        report.put("step", state.has("step") ? state.get("step").getAsLong() : null);
        report.put("trainer", state.has("trainer") ? state.get("trainer").getAsString() : null);
        report.put("model", state.has("model") ? state.get("model") : null);
        long params = model.tensors().stream().mapToLong(TensorEntry::numel).sum();
        report.put("parameters", params);
        report.put("model_bytes", model.dataBytes());
        report.put("optimizer", state.has("optimizer") ? state.get("optimizer").getAsString() : null);
        report.put("optimizer_state_bytes", optimizer == null ? 0 : optimizer.dataBytes());
        Map<String, Map<String, Object>> perParam = new LinkedHashMap<>();
        Map<String, Long> optBytes = optimizerBytesPerParam(optimizer, model.tensors());
        for (TensorEntry t : model.tensors()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("shape", t.shape().getShape());
            row.put("dtype", t.dtype().name());
            row.put("bytes", t.byteSize());
            row.put("optimizer_bytes", optBytes.getOrDefault(t.name(), 0L));
            perParam.put(t.name(), row);
        }
        report.put("tensors", perParam);
        report.put("provenance", state.has("provenance") ? state.get("provenance") : null);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Output.json(out, report);
        } else {
            printText(out, report, perParam, params);
        }
        return 0;
    }

    private static void printText(PrintWriter out, Map<String, Object> r, Map<String, Map<String, Object>> perParam, long params) {
        out.printf("checkpoint   %s%n", r.get("checkpoint"));
        out.printf("step         %s   trainer %s%n", r.get("step"), r.get("trainer"));
        KeyValueText.print(out, Map.of("model", r.get("model")), "");
        out.printf(Locale.ROOT, "parameters   %,d (%.2f MB)%n", params, ((Number) r.get("model_bytes")).longValue() / 1e6);
        out.printf(Locale.ROOT, "optimizer    %s, state %.2f MB (%.2f bytes/parameter)%n", r.get("optimizer"),
                ((Number) r.get("optimizer_state_bytes")).longValue() / 1e6,
                params == 0 ? 0.0 : ((Number) r.get("optimizer_state_bytes")).doubleValue() / params);
        if (r.get("provenance") != null) {
            KeyValueText.print(out, Map.of("provenance", r.get("provenance")), "");
        }
        out.printf("%n%-40s %-18s %-6s %12s %14s%n", "tensor", "shape", "dtype", "bytes", "optim bytes");
        perParam.forEach((name, row) -> out.printf("%-40s %-18s %-6s %,12d %,14d%n", name,
                java.util.Arrays.toString((long[]) row.get("shape")), row.get("dtype"), (Long) row.get("bytes"), (Long) row.get("optimizer_bytes")));
        out.flush();
    }

    /** Optimizer tensors are named {@code <param>.<state>}: group by the longest parameter-name prefix. */
    static Map<String, Long> optimizerBytesPerParam(SafeTensorsHeader optimizer, List<TensorEntry> params) {
        Map<String, Long> bytes = new TreeMap<>();
        if (optimizer == null) {
            return bytes;
        }
        for (TensorEntry t : optimizer.tensors()) {
            String owner = null;
            for (TensorEntry p : params) {
                if (t.name().startsWith(p.name() + ".") && (owner == null || p.name().length() > owner.length())) {
                    owner = p.name();
                }
            }
            if (owner != null) {
                bytes.merge(owner, t.byteSize(), Long::sum);
            }
        }
        return bytes;
    }

    private static JsonObject readState(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            // Gson wraps the parser's own message, which runs on to a troubleshooting link: keep its first line
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            throw EffitrainException.badInput(file + ": cannot read checkpoint state (" + why + ")");
        }
    }
}
