package dev.effitrain.trainers.ats;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.train.RunContext;
import dev.effitrain.core.train.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of an ATS run: evaluate with and without ATS on the whole evaluation split, draw the
 * kept patches, and write {@code ats-report.json}, {@code ats-report.md} and the summary.
 */
final class AtsRunReport {
    static final String PICTURE = "plots/ats-kept-patches.png";

    private AtsRunReport() {
    }

    static void finish(Recipe recipe, AtsConfig cfg, AtsModel model, RunContext context, Map<String, Object> summary,
                       NDManager manager) {
        Path runDir = context.runDir();
        long t0 = System.nanoTime();
        AtsComparison c;
        try (NDScope scope = new NDScope()) {
            c = AtsComparison.run(model, cfg, 0, manager);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> metrics = c.metrics();
        context.listener().onEval(((Number) summary.getOrDefault("steps", 0)).longValue(), metrics);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.describe());
        report.putAll(c.report());
        if (cfg.pictureImages() > 0 && c.withAts() != null) {
            KeptPatchPicture.write(runDir.resolve(PICTURE), model, Math.min(cfg.pictureImages(),
                    model.data().eval().size()), manager);
            report.put("picture", PICTURE);
        }
        write(runDir.resolve("ats-report.json"), Summary.toJson(report) + "\n");
        write(runDir.resolve("ats-report.md"), "# ATS: " + recipe.name() + "\n\n" + model.describe() + "\n\n"
                + c.markdown());
        summary.put("eval", metrics);
        summary.put("ats", report);
        summary.putIfAbsent("wall_s", seconds);
        Summary.write(runDir, summary);
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EffitrainException.badInput(file + ": cannot write the ATS report (" + e.getMessage() + ")");
        }
    }
}
