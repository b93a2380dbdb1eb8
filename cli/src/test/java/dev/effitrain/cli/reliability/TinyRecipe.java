package dev.effitrain.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small GPT recipes on synthetic text, sized for CI (a step takes tens of milliseconds). */
final class TinyRecipe {
    /** One layer, d_model 32, seq 16: about 21k parameters; a checkpoint every step, the last 2 kept. */
    static final String TINY = """
            name: reliability
            trainer: standard
            seed: 11
            device: cpu
            output: %s
            model: { arch: gpt, layers: 1, d_model: 32, heads: 2, seq_len: 16 }
            data: { source: synthetic-text, synthetic_size: 20000, val_fraction: 0.1 }
            optimizer: { name: adamw, lr: 3e-3 }
            schedule: { name: cosine, warmup: 1ba, min_lr: 1e-4 }
            train: { duration: %dba, batch_size: 4, log_every: 1ba, eval_every: 0ba, checkpoint_every: %dba, keep_last: 2 }
            """;

    /** Slow steps (about a second: 3M parameters), for tests that must act in the middle of one. */
    static final String SLOW = """
            name: reliability-slow
            trainer: standard
            seed: 11
            device: cpu
            output: %s
            model: { arch: gpt, layers: 4, d_model: 256, heads: 4, seq_len: 128 }
            data: { source: synthetic-text, synthetic_size: 100000, val_fraction: 0.1 }
            optimizer: { name: adamw, lr: 1e-3 }
            train: { duration: %dba, batch_size: 16, log_every: 1ba, eval_every: 0ba, checkpoint_every: %dba, keep_last: 2 }
            """;

    private TinyRecipe() {
    }

    /** Writes {@code template} (TINY or SLOW) for an output directory, steps and checkpoint interval. */
    static Path write(Path file, String template, Path output, int steps, int checkpointEvery) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, template.formatted(output, steps, checkpointEvery));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
