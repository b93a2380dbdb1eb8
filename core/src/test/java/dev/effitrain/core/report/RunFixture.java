package dev.effitrain.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Hand-written run directories for tests: metrics.jsonl lines and a summary.json, as the trainer writes them. */
final class RunFixture {

    private final Path dir;
    private final StringBuilder metrics = new StringBuilder();
    private String summary;
    private String trailing = "";

    private RunFixture(Path dir) {
        this.dir = dir;
    }

    static RunFixture at(Path parent, String name) {
        return new RunFixture(parent.resolve(name));
    }

    RunFixture line(String json) {
        metrics.append(json).append('\n');
        return this;
    }

    /** A training line with cumulative FLOPs and wall time. */
    RunFixture train(long step, double loss, double flops, double wallS) {
        return line(String.format(Locale.ROOT,
                "{\"event\":\"train\",\"step\":%d,\"loss\":%s,\"lr\":0.001,\"flops\":%s,\"wall_s\":%s,"
                        + "\"rss_mb\":100,\"peak_rss_mb\":120,\"optimizer_state_bytes\":4096}",
                step, loss, flops, wallS));
    }

    RunFixture eval(long step, double valLoss) {
        return line(String.format(Locale.ROOT, "{\"event\":\"eval\",\"step\":%d,\"val_loss\":%s,\"val_ppl\":%s}",
                step, valLoss, Math.exp(valLoss)));
    }

    /** Bytes appended after the last full line without a newline: a writer killed mid-line. */
    RunFixture truncatedTail(String partial) {
        this.trailing = partial;
        return this;
    }

    RunFixture summary(String json) {
        this.summary = json;
        return this;
    }

    /** A completed summary with the usual fields. */
    RunFixture completed(long steps, double wallS, double flops, double valLoss) {
        return summary(String.format(Locale.ROOT, """
                {"name":"%s","trainer":"standard","status":"completed","exit_code":0,"steps":%d,"total_steps":%d,
                 "final_train_loss":1.0,"eval":{"val_loss":%s,"val_ppl":%s},"wall_s":%s,"samples":1000,
                 "tokens":128000,"flops":%s,"params":12345,"optimizer":"adamw","optimizer_state_bytes":4096,
                 "peak_rss_mb":150.0,"tokens_per_s":1000.0,"last_checkpoint":"checkpoints/step-%06d"}
                """, dir.getFileName(), steps, steps, valLoss, Math.exp(valLoss), wallS, flops, steps));
    }

    Path write() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("recipe.yaml"), "name: " + dir.getFileName() + "\n");
            Files.writeString(dir.resolve("metrics.jsonl"), metrics + trailing);
            if (summary != null) {
                Files.writeString(dir.resolve("summary.json"), summary);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
